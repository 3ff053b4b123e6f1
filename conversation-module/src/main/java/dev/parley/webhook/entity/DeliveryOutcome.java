package dev.parley.webhook.entity;

/** How one attempt ended: the receiver's status code (null when none came) and, unless 2xx, why it failed. */
public record DeliveryOutcome(Integer responseCode, String error) {

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
}
