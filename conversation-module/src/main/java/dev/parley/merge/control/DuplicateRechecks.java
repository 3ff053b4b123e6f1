package dev.parley.merge.control;

import dev.parley.merge.entity.DuplicateGroupsChanged;
import dev.parley.schema.control.Database;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>A recheck gives way to writers: it waits at most {@link DuplicateFlags#RECHECK_LOCK_WAIT} for a row one of them
 * holds (below PostgreSQL's deadlock timeout, so in a deadlock with a request the recheck is the one that fails),
 * and a busy group is queued again after {@link #BACKOFF} times its attempts, up to {@link #ATTEMPTS}.
 */
@ApplicationScoped
public class DuplicateRechecks {

    private static final Logger LOG = Logger.getLogger(DuplicateRechecks.class.getName());

    /** How the log says that a recheck gave way to a writer and will run again (tests look for it). */
    public static final String YIELDED = "duplicate flags: the recheck gave way to a writer holding a row of contacts ";

    /** How long a recheck waits for more commits to gather. */
    static final Duration GATHER = Duration.ofMillis(50);

    /** The most contacts one recheck transaction takes. */
    static final int BATCH = 200;

    /** How often a group is rechecked while writers keep its rows busy, before the daily reconciliation takes it. */
    static final int ATTEMPTS = 5;

    /** The wait before a busy group's next attempt, times the attempts so far. */
    static final Duration BACKOFF = Duration.ofMillis(500);

    @Inject
    DuplicateFlags flags;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Groups to recheck, and how many times each was tried. */
    private record Pending(Set<Long> contactIds, Set<String> emails, int attempts) {}

    private final ConcurrentLinkedQueue<Pending> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) DuplicateGroupsChanged groups) {
        queued.add(new Pending(groups.contactIds(), groups.emails(), 0));
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
            queued.clear();
        }
    }

    private void drain() {
        try {
            while (!queued.isEmpty()) {
                List<Pending> batch = new ArrayList<>();
                Set<Long> contacts = new TreeSet<>();
                Set<String> emails = new TreeSet<>();
                Pending next;
                while (contacts.size() < BATCH && (next = queued.poll()) != null) {
                    batch.add(next);
                    contacts.addAll(next.contactIds());
                    emails.addAll(next.emails());
                }
                recheck(batch, contacts, emails);
            }
        } finally {
            scheduled.set(false);
            if (!queued.isEmpty()) {
                schedule();
            }
        }
    }

    private void recheck(List<Pending> batch, Set<Long> contacts, Set<String> emails) {
        try {
            int changed = flags.recheck(contacts, emails);
            if (changed > 0) {
                LOG.info(() -> DuplicateFlagRefresh.RECHECK_CHANGED + changed + " (a concurrent writer of contacts "
                        + contacts + ")");
            }
        } catch (RuntimeException e) {
            int attempts = batch.stream().mapToInt(Pending::attempts).max().orElse(0) + 1;
            if (Database.isTransient(e) && attempts < ATTEMPTS) {
                LOG.info(() -> YIELDED + contacts + " (attempt " + attempts + "): " + e);
                later(
                        batch.stream()
                                .map(pending -> new Pending(pending.contactIds(), pending.emails(), attempts))
                                .toList(),
                        BACKOFF.multipliedBy(attempts));
                return;
            }
            LOG.log(
                    Level.WARNING,
                    "duplicate flags of contacts " + contacts + " not rechecked; the daily reconciliation will: " + e);
        }
    }

    /** Queues busy groups again after a while, without holding up the other groups of the queue. */
    private void later(List<Pending> again, Duration wait) {
        try {
            scheduler.schedule(
                    () -> {
                        queued.addAll(again);
                        schedule();
                    },
                    wait.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException busy) {
            LOG.warning("duplicate flags not rechecked again (executor busy); the daily reconciliation will");
        }
    }
}
