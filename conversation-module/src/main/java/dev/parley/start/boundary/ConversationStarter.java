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
import dev.parley.start.entity.StartResult;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The single entry point for conversation starts on this node. Concurrent starts of one visitor
 * are coalesced: while one runs, a request with the same Idempotency-Key waits for its result
 * (bounded by {@code parley.idempotency.wait}, default 5 s, then 409) instead of queuing a second
 * transaction, and one with another key waits its turn. Starts of different visitors never wait
 * for each other. This saves work on one node; correctness across nodes comes from the contact
 * row lock in {@link StartTransaction} and the database's constraint.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ConversationStarter {

    private final ConcurrentMap<Long, InFlight> inFlight = new ConcurrentHashMap<>();

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
        metrics.startAnswered(answer.outcome());
        return answer;
    }

    private StartResult answer(ContactRef contact, String key, PreChatForm form, String requestId) {
        PreChatForm normalized = form.normalized();
        String fingerprint = normalized.fingerprint();
        long deadline = System.nanoTime() + waitForFirst.toNanos();
        while (true) {
            InFlight mine = new InFlight(key, fingerprint);
            InFlight running = inFlight.putIfAbsent(contact.contactId(), mine);
            if (running == null) {
                return runFirst(mine, contact, key, normalized, fingerprint, requestId);
            }
            if (!running.key.equals(key)) {
                if (!running.awaitDone(deadline)) {
                    return inDatabase(contact, key, normalized, fingerprint, requestId);
                }
                continue;
            }
            if (!running.fingerprint.equals(fingerprint)) {
                throw audited(contact, requestId, IdempotencyProblems.keyReused(), "conflict");
            }
            if (!running.awaitDone(deadline)) {
                throw audited(contact, requestId, IdempotencyProblems.stillRunning(), "in-progress");
            }
            Optional<StartResult> first = running.result();
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
            // the first attempt failed and wrote nothing: this request tries on its own
        }
    }

    /**
     * The answer already stored for this key and body, if a start with them committed: what a visitor
     * over a limit still gets, because a limit never turns the retry of a start that succeeded into a failure.
     */
    public Optional<StartResult> storedAnswer(ContactRef contact, String key, PreChatForm form, String requestId) {
        return lockedStart.storedAnswer(contact, key, form.normalized().fingerprint(), requestId);
    }

    private StartResult runFirst(
            InFlight mine, ContactRef contact, String key, PreChatForm form, String fingerprint, String requestId) {
        try {
            StartResult result = inDatabase(contact, key, form, fingerprint, requestId);
            mine.future.complete(result);
            return result;
        } catch (RuntimeException failure) {
            mine.future.completeExceptionally(failure);
            throw failure;
        } finally {
            inFlight.remove(contact.contactId(), mine);
        }
    }

    private StartResult inDatabase(
            ContactRef contact, String key, PreChatForm form, String fingerprint, String requestId) {
        return refusals.audited(
                () -> lockedStart.start(contact, key, form, fingerprint, requestId),
                "The database is busy; nothing was written.",
                problem -> entry(
                        contact,
                        requestId,
                        problem,
                        problem instanceof StorageBusy ? "busy" : problem.status() == 422 ? "conflict" : "rejected"));
    }

    private ProblemException audited(ContactRef contact, String requestId, ProblemException problem, String outcome) {
        return refusals.recorded(problem, refused -> entry(contact, requestId, refused, outcome));
    }

    private static AuditEntry entry(ContactRef contact, String requestId, ProblemException problem, String outcome) {
        return AuditEntry.byContact(
                contact.contactId(), "conversation.start", outcome, requestId, null, problem.getMessage());
    }

    /** One running start: its key, its body's fingerprint and, once committed, its answer. */
    private static final class InFlight {

        final String key;
        final String fingerprint;
        final CompletableFuture<StartResult> future = new CompletableFuture<>();

        InFlight(String key, String fingerprint) {
            this.key = key;
            this.fingerprint = fingerprint;
        }

        boolean awaitDone(long deadlineNanos) {
            try {
                future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
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
            return future.isCompletedExceptionally() ? Optional.empty() : Optional.ofNullable(future.getNow(null));
        }
    }
}
