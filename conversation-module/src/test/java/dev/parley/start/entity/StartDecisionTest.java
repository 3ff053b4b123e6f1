package dev.parley.start.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.parley.inbox.entity.AutoMergePolicy;
import dev.parley.start.entity.StartDecision.StoredKey;
import dev.parley.start.entity.StartDecision.VisitorMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The start rule branch by branch, one table per question of {@link StartDecision}. */
class StartDecisionTest {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final PreChatForm FORM = new PreChatForm(" Ann ", " Ann@Example.com ", " Hello \n").normalized();
    static final StartDecision DECISION = new StartDecision(FORM, NOW);

    static Stream<Arguments> keys() {
        return Stream.of(
                arguments("a new key goes on", StoredKey.NONE, Optional.empty()),
                arguments(
                        "a known key with the same body is replayed",
                        StoredKey.SAME_BODY,
                        Optional.of(StartOutcome.REPLAYED)),
                arguments(
                        "a known key with another body is refused",
                        StoredKey.OTHER_BODY,
                        Optional.of(StartOutcome.KEY_REUSED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void aKnownKeyIsAnsweredFromItsRecord(String rule, StoredKey stored, Optional<StartOutcome> expected) {
        assertThat(DECISION.forKey(stored)).isEqualTo(expected);
    }

    @Test
    void aStartNeverAsksWhetherToMergeContactsWhateverTheInboxPolicy() {
        // a typed email is no proof of identity: no question of the start rule takes the inbox's policy
        assertThat(Stream.of(StartDecision.class.getDeclaredMethods())
                        .flatMap(method -> Stream.of(method.getParameterTypes())))
                .doesNotContain(AutoMergePolicy.class);
        assertThat(Stream.of(StartDecision.class.getDeclaredClasses()).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("StoredKey", "VisitorMessage");
    }

    static Stream<Arguments> conversations() {
        Duration window = StartDecision.REPEAT_WINDOW;
        return Stream.of(
                arguments("no live conversation: one is created", false, null, StartOutcome.CREATED),
                arguments(
                        "a live conversation without a visitor message gets the message",
                        true,
                        null,
                        StartOutcome.EXISTING_WITH_MESSAGE),
                arguments(
                        "the same message a second ago is the same click",
                        true,
                        message("Hello", NOW.minusSeconds(1)),
                        StartOutcome.EXISTING),
                arguments(
                        "the same message sent at this very instant is the same click",
                        true,
                        message("Hello", NOW),
                        StartOutcome.EXISTING),
                arguments(
                        "the same message one nanosecond inside the window is the same click",
                        true,
                        message("Hello", NOW.minus(window).plusNanos(1)),
                        StartOutcome.EXISTING),
                arguments(
                        "the same message exactly one window ago is a new message",
                        true,
                        message("Hello", NOW.minus(window)),
                        StartOutcome.EXISTING_WITH_MESSAGE),
                arguments(
                        "the same message just outside the window is a new message",
                        true,
                        message("Hello", NOW.minus(window).minusNanos(1)),
                        StartOutcome.EXISTING_WITH_MESSAGE),
                arguments(
                        "the same message an hour ago is a new message",
                        true,
                        message("Hello", NOW.minus(Duration.ofHours(1))),
                        StartOutcome.EXISTING_WITH_MESSAGE),
                arguments(
                        "a different message inside the window is appended",
                        true,
                        message("Hello!", NOW.minusSeconds(1)),
                        StartOutcome.EXISTING_WITH_MESSAGE),
                arguments(
                        "a message differing only in case is appended",
                        true,
                        message("hello", NOW.minusSeconds(1)),
                        StartOutcome.EXISTING_WITH_MESSAGE),
                arguments(
                        "a message differing in inner whitespace is appended",
                        true,
                        message("Hello ", NOW.minusSeconds(1)),
                        StartOutcome.EXISTING_WITH_MESSAGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversations")
    void aLiveConversationIsAnsweredAndGetsTheMessageUnlessItIsARepeat(
            String rule, boolean live, VisitorMessage last, StartOutcome expected) {
        assertThat(DECISION.forConversation(live, () -> Optional.ofNullable(last)))
                .isEqualTo(expected);
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                arguments(StartOutcome.KEY_REUSED, 422, "conflict"),
                arguments(StartOutcome.CREATED, 201, "created"),
                arguments(StartOutcome.EXISTING, 200, "existing"),
                arguments(StartOutcome.EXISTING_WITH_MESSAGE, 200, "existing+message"));
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("outcomes")
    void everyOutcomeHasItsStatusAndAuditWord(StartOutcome outcome, int status, String auditOutcome) {
        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.auditOutcome()).isEqualTo(auditOutcome);
    }

    @Test
    void aReplayAnswersWithTheStoredStatusNotOneOfItsOwn() {
        assertThat(StartOutcome.REPLAYED.auditOutcome()).isEqualTo("replayed");
        assertThatThrownBy(StartOutcome.REPLAYED::status).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLastMessageIsNotAskedForWithoutALiveConversation() {
        AtomicInteger asked = new AtomicInteger();
        DECISION.forConversation(false, () -> {
            asked.incrementAndGet();
            return Optional.empty();
        });
        assertThat(asked).hasValue(0);
    }

    @Test
    void theLastMessageIsAskedForOnceWithALiveConversation() {
        AtomicInteger asked = new AtomicInteger();
        DECISION.forConversation(true, () -> {
            asked.incrementAndGet();
            return Optional.of(message("Hello", NOW));
        });
        assertThat(asked).hasValue(1);
    }

    private static VisitorMessage message(String text, Instant sentAt) {
        return new VisitorMessage(text, sentAt);
    }
}
