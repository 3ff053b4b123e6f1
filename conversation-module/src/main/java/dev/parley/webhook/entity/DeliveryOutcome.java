package dev.parley.webhook.entity;

/**
 * How one attempt ended: the receiver's status code (null when none came) and, unless 2xx, why it failed; or
 * {@link #skipped()}: not attempted, because an earlier delivery of its line in the same batch failed.
 */
public record DeliveryOutcome(Integer responseCode, String error) {

    private static final DeliveryOutcome SKIPPED = new DeliveryOutcome(null, null);

    public boolean attempted() {
        return responseCode != null || error != null;
    }

    public boolean delivered() {
        return responseCode != null && responseCode >= 200 && responseCode < 300;
    }

    public static DeliveryOutcome answered(int responseCode) {
        return new DeliveryOutcome(
                responseCode, responseCode >= 200 && responseCode < 300 ? null : "HTTP " + responseCode);
    }

    public static DeliveryOutcome unreachable(String error) {
        return new DeliveryOutcome(null, error);
    }

    public static DeliveryOutcome skipped() {
        return SKIPPED;
    }
}
