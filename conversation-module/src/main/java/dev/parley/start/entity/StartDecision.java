package dev.parley.start.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The start rule: what "Start conversation" does for a visitor, decided from facts the caller found
 * under the visitor's locks. Plain Java, no database: {@code StartTransaction} takes the locks, reads
 * the facts, asks this and carries the answer out. Two questions, in this order:
 *
 * <ol>
 * <li><b>Was this Idempotency-Key used before?</b> ({@link #forKey}) A key the visitor already used
 * (and that has not expired) is answered from its stored record and nothing else is looked at: the
 * same body gets the stored status and body again ({@link StartOutcome#REPLAYED}); another body is
 * refused with {@code 422} ({@link StartOutcome#KEY_REUSED}). Only a new key goes on.
 * <li><b>Does the visitor have a live conversation?</b> ({@link #forConversation}) No: one is
 * created with the message, {@code 201} ({@link StartOutcome#CREATED}). Yes: {@code 200} with that
 * conversation, and the message is appended to it ({@link StartOutcome#EXISTING_WITH_MESSAGE})
 * unless it repeats the visitor's last message in it word for word and that message is younger than
 * {@link #REPEAT_WINDOW}, i.e. sent strictly after {@code now - 60 s}
 * ({@link StartOutcome#EXISTING}: a double click, nothing new is written). A message sent exactly
 * 60 s ago is no longer a repeat.
 * </ol>
 *
 * <p>A start never merges contacts. The email in the form is typed, not proven: it names the
 * contact and may make a duplicate <em>suggestion</em> for an agent, but it never joins this visitor
 * to another contact's conversations, whatever the inbox's policy. Contacts merge only on a verified
 * identity, when the visitor identifies ({@code identity/boundary/Identities}).
 *
 * <p>Why two questions and not one call with every fact: the facts come from the database in an
 * order the earlier answers decide. A replay reads nothing more, and the visitor's last message is
 * read only when there is a live conversation. Asking everything up front would add queries to a
 * benchmarked path. For the
 * same reason {@link #forConversation} takes the last visitor message as a {@link Supplier}: it is
 * called at most once, and only when there is a live conversation, so the start reads it exactly
 * when it needs it (one query on the "existing" paths, none on "created").
 *
 * @param form the normalized form ({@link PreChatForm#normalized()}): the message compared with the
 *        last one is the trimmed one, as stored
 * @param now the transaction's clock, the same instant the records and messages are written with
 */
public record StartDecision(PreChatForm form, Instant now) {

    /** How long an identical message from the visitor counts as the same click rather than a new message. */
    public static final Duration REPEAT_WINDOW = Duration.ofSeconds(60);

    public StartDecision {
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(now, "now");
    }

    /** What the visitor's stored record for this Idempotency-Key says, if there is one. */
    public enum StoredKey {
        /** No unexpired record: a new start. */
        NONE,
        /** A record whose request fingerprint matches this request's. */
        SAME_BODY,
        /** A record of a different request body. */
        OTHER_BODY
    }

    /** The visitor's last message in the live conversation: its text and when it was written. */
    public record VisitorMessage(String text, Instant sentAt) {}

    /**
     * Question 1: a known key answers from its record. Empty means the key is new and the start goes
     * on to {@link #forConversation}.
     */
    public Optional<StartOutcome> forKey(StoredKey stored) {
        return switch (stored) {
            case NONE -> Optional.empty();
            case SAME_BODY -> Optional.of(StartOutcome.REPLAYED);
            case OTHER_BODY -> Optional.of(StartOutcome.KEY_REUSED);
        };
    }

    /**
     * Question 2, for a new key: create, or answer with the live conversation and
     * append the message unless it repeats the visitor's last one within {@link #REPEAT_WINDOW}.
     *
     * @param live whether the visitor has a live conversation in the inbox
     * @param lastVisitorMessage the visitor's last message in that conversation; called at most once,
     *        and only when {@code live}
     */
    public StartOutcome forConversation(boolean live, Supplier<Optional<VisitorMessage>> lastVisitorMessage) {
        if (!live) {
            return StartOutcome.CREATED;
        }
        return lastVisitorMessage.get().filter(this::repeatedWithinWindow).isPresent()
                ? StartOutcome.EXISTING
                : StartOutcome.EXISTING_WITH_MESSAGE;
    }

    private boolean repeatedWithinWindow(VisitorMessage last) {
        return last.text().equals(form.message()) && last.sentAt().isAfter(now.minus(REPEAT_WINDOW));
    }
}
