package dev.parley.contact.entity;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A visitor's context as agents see it (the console's visitor pane, the agent API's {@code contact.context}):
 * where the visitor was when their widget last reported, and since when. The visitor's local time is not
 * stored; {@link #localTime} computes it from the time zone whenever it is shown.
 */
public record VisitorContextView(
        String url, String title, String language, String timeZone, String browser, Instant updatedAt) {

    /** The contact's context, or null when its widget never sent one. */
    public static VisitorContextView of(Contact contact) {
        return contact.getContextUpdatedAt() == null
                ? null
                : new VisitorContextView(
                        contact.getContextUrl(),
                        contact.getContextTitle(),
                        contact.getContextLanguage(),
                        contact.getContextTimeZone(),
                        contact.getContextBrowser(),
                        contact.getContextUpdatedAt());
    }

    /** The visitor's wall clock at {@code now}; empty without a (known) time zone. */
    public Optional<ZonedDateTime> localTime(Instant now) {
        if (timeZone == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(now.atZone(ZoneId.of(timeZone)));
        } catch (DateTimeException unknownHere) {
            return Optional.empty();
        }
    }
}
