package dev.parley.admin.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times: UTC, to the second, the same on every agent's screen and in the audit log. */
@Named("format")
@ApplicationScoped
public class ConsoleFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
