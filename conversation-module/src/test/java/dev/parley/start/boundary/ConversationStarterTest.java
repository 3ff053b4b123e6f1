package dev.parley.start.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.control.Refusals;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.contact.entity.ContactRef;
import dev.parley.idempotency.control.IdempotencyProblems;
import dev.parley.metrics.control.Metrics;
import dev.parley.problem.entity.ProblemException;
import dev.parley.problem.entity.StorageBusy;
import dev.parley.start.control.StartTransaction;
import dev.parley.start.entity.PreChatForm;
import dev.parley.start.entity.StartAnswer;
import dev.parley.start.entity.StartOutcome;
import dev.parley.start.entity.StartRequest;
import dev.parley.start.entity.StartResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's coalescing without a container: a start held open by a latch, other starts of the
 * same visitor arriving meanwhile, and a fake transaction recording what it is asked to do.
 */
class ConversationStarterTest {

    static final ContactRef VISITOR = new ContactRef(7, 1, 3);
    static final PreChatForm FORM = new PreChatForm("Ann", "ann@example.com", "Hello");

    final CountDownLatch firstEntered = new CountDownLatch(1);
    final CountDownLatch releaseFirst = new CountDownLatch(1);
    final List<List<StartRequest>> groups = new CopyOnWriteArrayList<>();
    final ExecutorService threads = Executors.newCachedThreadPool();
    final ConversationStarter starter = new ConversationStarter();
    Function<List<StartRequest>, List<StartAnswer>> startAll = requests -> requests.stream()
            .map(r -> StartAnswer.of(new StartResult(200, r.key(), 1, false, StartOutcome.COALESCED)))
            .toList();

    @BeforeEach
    void wire() {
        starter.waitForFirst = Duration.ofSeconds(30);
        starter.metrics = new Metrics(); // without MicroProfile Metrics: counts nothing
        starter.audit = new AuditLog() {
            @Override
            public void recordAlone(AuditEntry entry) {}
        };
        starter.refusals = new Refusals() {
            @Override
            public <T> T audited(Supplier<T> write, String busyDetail, Function<ProblemException, AuditEntry> entry) {
                return write.get();
            }

            @Override
            public ProblemException recorded(ProblemException problem, Function<ProblemException, AuditEntry> entry) {
                return problem;
            }
        };
        starter.lockedStart = new StartTransaction() {
            @Override
            public StartResult start(
                    ContactRef ref, String key, PreChatForm form, String fingerprint, String requestId) {
                firstEntered.countDown();
                await(releaseFirst);
                return new StartResult(201, key, 1, false, StartOutcome.CREATED);
            }

            @Override
            public List<StartAnswer> startAll(ContactRef ref, List<StartRequest> requests) {
                groups.add(requests);
                return startAll.apply(requests);
            }
        };
    }

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        threads.shutdownNow();
    }

    @Test
    void fiftyKeysArrivingWhileAStartRunsAreCarriedOutInOneTransactionEachWithItsOwnAnswer() throws Exception {
        Future<StartResult> first = startInBackground("first", FORM);
        await(firstEntered);
        List<Future<StartResult>> others = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            others.add(startInBackground("key-" + i, FORM));
        }
        gathered(50);
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        for (int i = 0; i < 50; i++) {
            StartResult answer = others.get(i).get(10, TimeUnit.SECONDS);
            assertThat(answer.body()).isEqualTo("key-" + i);
            assertThat(answer.outcome()).isEqualTo(StartOutcome.COALESCED);
        }
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0)).hasSize(50);
    }

    @Test
    void theSameKeyWaitsForTheRunningStartAndAnotherBodyWithItIsRefusedAtOnce() throws Exception {
        Future<StartResult> first = startInBackground("shared", FORM);
        await(firstEntered);
        FutureTask<StartResult> again = new FutureTask<>(() -> starter.start(VISITOR, "shared", FORM, "request-again"));
        Thread waiter = new Thread(again, "same-key");
        waiter.start();
        // parked in the first one's answer (a timed wait): only then is it a waiter, not a later start
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the same key waits in time").isLessThan(deadline);
            Thread.onSpinWait();
        }

        assertThatThrownBy(
                        () -> starter.start(VISITOR, "shared", new PreChatForm("Ann", "ann@example.com", "Other"), "r"))
                .isInstanceOf(ProblemException.class)
                .satisfies(problem ->
                        assertThat(((ProblemException) problem).status()).isEqualTo(422));
        assertThat(again.isDone()).isFalse();
        releaseFirst.countDown();

        StartResult replay = again.get(10, TimeUnit.SECONDS);
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.status()).isEqualTo(first.get(10, TimeUnit.SECONDS).status());
        assertThat(replay.outcome()).isEqualTo(StartOutcome.COALESCED);
        assertThat(groups).isEmpty();
    }

    @Test
    void aKeyReusedWithinAGroupIsRefusedAloneAndTheOthersAreAnswered() throws Exception {
        startAll = requests -> requests.stream()
                .map(r -> r.key().equals("reused")
                        ? StartAnswer.refused(IdempotencyProblems.keyReused())
                        : StartAnswer.of(new StartResult(200, r.key(), 1, false, StartOutcome.COALESCED)))
                .toList();
        startInBackground("first", FORM);
        await(firstEntered);
        Future<StartResult> reused = startInBackground("reused", FORM);
        gathered(1);
        Future<StartResult> fine = startInBackground("fine", FORM);
        gathered(2);
        releaseFirst.countDown();

        assertThat(fine.get(10, TimeUnit.SECONDS).body()).isEqualTo("fine");
        assertThatThrownBy(() -> reused.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ProblemException.class)
                .satisfies(failed -> assertThat(((ProblemException) failed.getCause()).status())
                        .isEqualTo(422));
    }

    @Test
    void aFailedGroupRefusesEveryStartInItWithTheProblemEachWouldHaveMetAlone() throws Exception {
        startAll = requests -> {
            throw new StorageBusy("The database is busy; nothing was written.");
        };
        startInBackground("first", FORM);
        await(firstEntered);
        Future<StartResult> one = startInBackground("one", FORM);
        gathered(1);
        Future<StartResult> two = startInBackground("two", FORM);
        gathered(2);
        releaseFirst.countDown();

        for (Future<StartResult> refused : List.of(one, two)) {
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageBusy.class);
        }
        assertThat(groups).hasSize(1);
    }

    Future<StartResult> startInBackground(String key, PreChatForm form) {
        return threads.submit(() -> starter.start(VISITOR, key, form, "request-" + key));
    }

    void gathered(int starts) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (starter.gathering(VISITOR.contactId()) < starts) {
            assertThat(System.nanoTime())
                    .as("%d starts gathered in time", starts)
                    .isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
