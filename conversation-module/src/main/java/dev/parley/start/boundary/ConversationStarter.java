package dev.parley.start.boundary;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.control.Refusals;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.ContactRef;
import dev.parley.idempotency.control.IdempotencyProblems;
import dev.parley.limit.entity.RateLimited;
import dev.parley.metrics.control.Metrics;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.start.control.StartTransaction;
import dev.parley.start.entity.PreChatForm;
import dev.parley.start.entity.StartAnswer;
import dev.parley.start.entity.StartRequest;
import dev.parley.start.entity.StartResult;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The single entry point for conversation starts on this node. Concurrent starts of one visitor are
 * coalesced, so that none queues behind the others on the visitor's row lock:
 *
 * <ul>
 * <li>While a start of the visitor runs, a request with the <b>same Idempotency-Key</b> waits for its
 * answer (bounded by {@code parley.idempotency.wait}, default 5 s, then 409) and replays it; with
 * another body it is refused at once (422).
 * <li>Requests with <b>other keys</b> that arrive meanwhile gather into one group, which runs as one
 * transaction ({@link StartTransaction#startAll}) as soon as the running start has finished (or the
 * first of them has waited {@code parley.idempotency.wait}): one lock, one read of the facts, every
 * start decided by the rule in arrival order as if they had run one after another, every key recorded,
 * one commit. Requests arriving while that group runs gather into the next. So a storm of one visitor
 * costs a few transactions, not one per request.
 * </ul>
 *
 * Starts of different visitors never wait for each other. No request is answered before the transaction
 * that recorded its key has committed. This saves work on one node; correctness across nodes comes from
 * the contact row lock in {@link StartTransaction} and the database's constraints, which every group
 * takes and meets exactly as a single start does.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ConversationStarter {

    private final ConcurrentMap<Long, Lane> lanes = new ConcurrentHashMap<>();

    @Inject
    StartTransaction lockedStart;

    @Inject
    AuditLog audit;

    @Inject
    Refusals refusals;

    @Inject
    Metrics metrics;

    @Inject
    @ConfigProperty(name = "parley.idempotency.wait", defaultValue = "PT5S")
    Duration waitForFirst;

    /**
     * Starts, or answers with the visitor's conversation; counted in {@link Metrics#STARTS} by outcome once
     * answered (after the commit), refusals (4xx, 503) as {@code refused}.
     */
    public StartResult start(ContactRef contact, String key, PreChatForm form, String requestId) {
        try {
            return counted(answer(contact, key, form, requestId));
        } catch (ProblemException refused) {
            metrics.startAnswered("refused");
            throw refused;
        }
    }

    /**
     * A start of a visitor over a limit: the answer already stored for this key and body when a start
     * with them committed, because a limit never turns the retry of a start that succeeded into a
     * failure; otherwise the limit's {@code 429}.
     */
    public StartResult overLimit(
            ContactRef contact, String key, PreChatForm form, String requestId, RateLimited limited) {
        Optional<StartResult> stored = storedAnswer(contact, key, form, requestId);
        if (stored.isEmpty()) {
            metrics.startAnswered("refused");
            throw limited;
        }
        return counted(stored.get());
    }

    private StartResult counted(StartResult answer) {
        metrics.startAnswered(answer.countedAs());
        return answer;
    }

    private StartResult answer(ContactRef contact, String key, PreChatForm form, String requestId) {
        long deadline = System.nanoTime() + waitForFirst.toNanos();
        while (true) {
            Pending mine = new Pending(StartRequest.of(key, form, requestId));
            Lane lane = lanes.computeIfAbsent(contact.contactId(), id -> new Lane());
            Pending same;
            Group group = null;
            boolean leads = false;
            synchronized (lane) {
                if (lane.retired) {
                    continue;
                }
                same = lane.withKey(key);
                if (same == null) {
                    group = lane.join(mine);
                    leads = group.pending.get(0) == mine;
                }
            }
            if (same == null) {
                return leads ? lead(contact, lane, group, deadline) : follow(contact, mine);
            }
            if (!same.request.fingerprint().equals(mine.request.fingerprint())) {
                throw audited(contact, requestId, IdempotencyProblems.keyReused(), "conflict");
            }
            if (!same.awaitDone(deadline)) {
                throw audited(contact, requestId, IdempotencyProblems.stillRunning(), "in-progress");
            }
            Optional<StartResult> first = same.result();
            if (first.isPresent()) {
                StartResult replay = first.get().asReplay();
                audit.recordAlone(AuditEntry.byContact(
                        contact.contactId(),
                        "conversation.start",
                        "replayed",
                        requestId,
                        replay.conversationId(),
                        "coalesced with the running request"));
                return replay;
            }
            // the first attempt failed or was refused: this request tries on its own
        }
    }

    /** How many starts of this visitor are gathering behind its running one on this node (for tests). */
    int gathering(long contactId) {
        Lane lane = lanes.get(contactId);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.next == null ? 0 : lane.next.pending.size();
        }
    }

    /**
     * The answer already stored for this key and body, if a start with them committed: what a visitor
     * over a limit still gets, because a limit never turns the retry of a start that succeeded into a failure.
     */
    public Optional<StartResult> storedAnswer(ContactRef contact, String key, PreChatForm form, String requestId) {
        return lockedStart.storedAnswer(contact, key, form.normalized().fingerprint(), requestId);
    }

    /**
     * Runs a group once the group before it has finished (or this request's wait has run out: the row
     * lock still orders them), answers every start in it, and lets the next group go.
     */
    private StartResult lead(ContactRef contact, Lane lane, Group group, long deadline) {
        Group before;
        synchronized (lane) {
            before = lane.running;
        }
        if (before != null && before != group) {
            before.awaitDone(deadline);
        }
        List<Pending> starts;
        synchronized (lane) {
            if (lane.next == group) {
                lane.next = null;
            }
            lane.running = group;
            starts = List.copyOf(group.pending);
            group.closed = true;
        }
        try {
            if (starts.size() == 1) {
                Pending only = starts.get(0);
                only.answer.complete(inDatabase(contact, only.request));
            } else {
                List<StartAnswer> answers = refusals.audited(
                        () -> lockedStart.startAll(
                                contact,
                                starts.stream().map(pending -> pending.request).toList()),
                        BUSY,
                        problem -> entry(contact, starts.get(0).request.requestId(), problem, outcomeOf(problem)));
                for (int i = 0; i < starts.size(); i++) {
                    StartAnswer answer = answers.get(i);
                    if (answer.refusal() != null) {
                        starts.get(i).answer.completeExceptionally(new Refused(answer.refusal(), false));
                    } else {
                        starts.get(i).answer.complete(answer.result());
                    }
                }
            }
        } catch (ProblemException failed) {
            // the leader's refusal is audited; every other start of the group records its own
            for (int i = 0; i < starts.size(); i++) {
                starts.get(i).answer.completeExceptionally(new Refused(failed, i == 0));
            }
        } catch (RuntimeException | Error bug) {
            starts.forEach(pending -> pending.answer.completeExceptionally(bug));
            throw bug;
        } finally {
            starts.forEach(pending -> pending.answer.completeExceptionally(
                    new IllegalStateException("the start's group ended without answering it")));
            group.done.complete(null);
            synchronized (lane) {
                if (lane.running == group) {
                    lane.running = null;
                }
                if (lane.running == null && lane.next == null) {
                    lane.retired = true;
                    lanes.remove(contact.contactId(), lane);
                }
            }
        }
        return follow(contact, starts.get(0));
    }

    /** This start's answer, once the transaction of its group has committed; its refusal, audited, if refused. */
    private StartResult follow(ContactRef contact, Pending mine) {
        try {
            return mine.answer.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof Refused refused) {
                if (refused.audited) {
                    throw refused.problem;
                }
                throw audited(contact, mine.request.requestId(), refused.problem, outcomeOf(refused.problem));
            }
            throw failed.getCause() instanceof RuntimeException bug ? bug : failed;
        }
    }

    private StartResult inDatabase(ContactRef contact, StartRequest request) {
        return refusals.audited(
                () -> lockedStart.start(
                        contact, request.key(), request.form(), request.fingerprint(), request.requestId()),
                BUSY,
                problem -> entry(contact, request.requestId(), problem, outcomeOf(problem)));
    }

    private ProblemException audited(ContactRef contact, String requestId, ProblemException problem, String outcome) {
        return refusals.recorded(problem, refused -> entry(contact, requestId, refused, outcome));
    }

    private static String outcomeOf(ProblemException problem) {
        return problem instanceof StorageBusy ? "busy" : problem.status() == 422 ? "conflict" : "rejected";
    }

    private static AuditEntry entry(ContactRef contact, String requestId, ProblemException problem, String outcome) {
        return AuditEntry.byContact(
                contact.contactId(), "conversation.start", outcome, requestId, null, problem.getMessage());
    }

    private static final String BUSY = "The database is busy; nothing was written.";

    /** A start's refusal on its way to the request that made it, and whether it is audited already. */
    private static final class Refused extends RuntimeException {

        final ProblemException problem;
        final boolean audited;

        Refused(ProblemException problem, boolean audited) {
            super(problem.getMessage(), null, false, false);
            this.problem = problem;
            this.audited = audited;
        }
    }

    /**
     * One visitor's starts on this node: the group whose transaction runs, and the group gathering the
     * requests that arrive meanwhile. Guarded by its own monitor; a lane with neither is retired and
     * removed, and a request that finds a retired lane takes a fresh one.
     */
    private static final class Lane {

        Group running;
        Group next;
        boolean retired;

        Pending withKey(String key) {
            Pending found = running == null ? null : running.withKey(key);
            return found != null || next == null ? found : next.withKey(key);
        }

        /** Adds the start to the gathering group, or makes it the first of a new one; its first runs it. */
        Group join(Pending start) {
            if (running == null && next == null) {
                running = new Group(start);
                return running;
            }
            if (next == null || next.closed) {
                next = new Group(start);
                return next;
            }
            next.pending.add(start);
            return next;
        }
    }

    /** Starts answered by one transaction, in arrival order. */
    private static final class Group {

        final List<Pending> pending = new ArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean closed;

        Group(Pending first) {
            pending.add(first);
        }

        /** The start with this key that may still answer it: one that failed is not waited for again. */
        Pending withKey(String key) {
            return pending.stream()
                    .filter(start -> start.request.key().equals(key) && !start.answer.isCompletedExceptionally())
                    .findFirst()
                    .orElse(null);
        }

        void awaitDone(long deadlineNanos) {
            try {
                done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException ignored) {
                // finished either way, or waited long enough: the row lock orders what still overlaps
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One start waiting for its group: what it asks and, once its group committed, its answer. */
    private static final class Pending {

        final StartRequest request;
        final CompletableFuture<StartResult> answer = new CompletableFuture<>();

        Pending(StartRequest request) {
            this.request = request;
        }

        boolean awaitDone(long deadlineNanos) {
            try {
                answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } catch (ExecutionException failed) {
                return true;
            } catch (TimeoutException stillRunning) {
                return false;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        Optional<StartResult> result() {
            return answer.isCompletedExceptionally() ? Optional.empty() : Optional.ofNullable(answer.getNow(null));
        }
    }
}
