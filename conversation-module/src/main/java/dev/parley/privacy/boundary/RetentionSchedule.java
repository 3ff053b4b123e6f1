package dev.parley.privacy.boundary;

import dev.parley.privacy.entity.RetentionSummary;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the retention job once a day at {@code parley.retention.time} ({@code PARLEY_RETENTION_TIME}, HH:MM in
 * UTC, default 03:30), on every node: the batches are conditional writes, so nodes running together share the
 * work and change each row once. A non-persistent timer: a node that is down at that time skips the day, and
 * the next run catches up (the cutoffs are relative to the run).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class RetentionSchedule {

    private static final Logger LOG = Logger.getLogger(RetentionSchedule.class.getName());
    static final LocalTime DEFAULT_TIME = LocalTime.of(3, 30);

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperty(name = "parley.retention.time", defaultValue = "03:30")
    String time;

    @Inject
    Retention retention;

    @PostConstruct
    void schedule() {
        LocalTime at = parse(time);
        timers.createCalendarTimer(
                new ScheduleExpression()
                        .hour(at.getHour())
                        .minute(at.getMinute())
                        .second(0)
                        .timezone("UTC"),
                new TimerConfig("parley-retention", false));
    }

    @Timeout
    void daily() {
        try {
            RetentionSummary summary = retention.run("system", null);
            LOG.info(() -> "retention: " + summary.describe());
        } catch (RuntimeException failed) {
            LOG.log(Level.WARNING, "retention run failed; the next day's run continues where it stopped", failed);
        }
    }

    static LocalTime parse(String value) {
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException | NullPointerException unreadable) {
            LOG.warning(() -> "parley.retention.time is not HH:MM; using " + DEFAULT_TIME);
            return DEFAULT_TIME;
        }
    }
}
