package dev.parley.merge.control;

import dev.parley.merge.entity.DuplicateGroupsChanged;
import dev.parley.metrics.control.Metrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The recheck after commit ({@link DuplicateFlags#recheck}), off the request path and in batches: the groups
 * committed transactions changed are queued, and one drain at a time (on this node) rechecks everything queued
 * in one transaction, {@link #GATHER} after the first of them. A recheck per commit, on the committing request's
 * thread, was one more transaction per start (a new visitor's start halved: docs/BENCHMARKS.md).
 *
 * <p>The argument of docs/GUARANTEES.md ("Has duplicates, stored") holds unchanged: a group is queued only after
 * its transaction committed, so the drain that takes it starts after that commit; drains of one node run one after
 * the other, and drains of several nodes lock the group's conversation rows in id order, so the last recheck of a
 * group reads every row committed before it. A node that stops with groups queued leaves them to the daily
 * reconciliation, as a failed recheck does; the writing transaction's own refresh has already stored what it
 * could see.
 */
@ApplicationScoped
public class DuplicateRechecks {

    private static final Logger LOG = Logger.getLogger(DuplicateRechecks.class.getName());

    /** How long a recheck waits for more commits to gather. */
    static final Duration GATHER = Duration.ofMillis(50);

    /** The most contacts one recheck transaction takes. */
    static final int BATCH = 200;

    @Inject
    DuplicateFlags flags;

    @Inject
    Metrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final ConcurrentLinkedQueue<DuplicateGroupsChanged> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** Queued or being rechecked: a change leaves this count when its recheck has ended (or was given up). */
    private final AtomicInteger pending = new AtomicInteger();

    void startup(@Observes @Initialized(ApplicationScoped.class) Object application) {
        metrics.duplicateRechecksPending(pending::get);
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) DuplicateGroupsChanged groups) {
        pending.incrementAndGet();
        queued.add(groups);
        schedule();
    }

    private void schedule() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.schedule(this::drain, GATHER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException busy) {
            scheduled.set(false);
            LOG.warning("duplicate flags not rechecked now (executor busy); the daily reconciliation will");
            while (queued.poll() != null) {
                pending.decrementAndGet();
            }
        }
    }

    private void drain() {
        try {
            while (!queued.isEmpty()) {
                Set<Long> contacts = new TreeSet<>();
                Set<String> emails = new TreeSet<>();
                DuplicateGroupsChanged next;
                int taken = 0;
                while (contacts.size() < BATCH && (next = queued.poll()) != null) {
                    contacts.addAll(next.contactIds());
                    emails.addAll(next.emails());
                    taken++;
                }
                try {
                    recheck(contacts, emails);
                } finally {
                    pending.addAndGet(-taken);
                }
            }
        } finally {
            scheduled.set(false);
            if (!queued.isEmpty()) {
                schedule();
            }
        }
    }

    private void recheck(Set<Long> contacts, Set<String> emails) {
        try {
            int changed = flags.recheck(contacts, emails);
            if (changed > 0) {
                LOG.info(() -> DuplicateFlagRefresh.RECHECK_CHANGED + changed + " (a concurrent writer of contacts "
                        + contacts + ")");
            }
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "duplicate flags of contacts " + contacts + " not rechecked; the daily reconciliation will: " + e);
        }
    }
}
