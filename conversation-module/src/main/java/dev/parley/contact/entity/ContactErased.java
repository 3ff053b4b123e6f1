package dev.parley.contact.entity;

import java.time.Instant;
import java.util.Set;

/**
 * A visitor's personal data was erased: {@code contactId} is the contact an admin erased, {@code contactIds}
 * it and the contacts merged into it, {@code conversationIds} their conversations (the messages written there
 * are scrubbed).
 *
 * <p>The contract: the event is fired <em>inside</em> the erasure's transaction, after Parley's own rows were
 * scrubbed and before it commits. A feature that keeps its own copy of a visitor's data (the webhook outbox's
 * payloads, a cache, an export) observes it synchronously ({@code @Observes}, no {@code during}) and scrubs or
 * deletes its rows in that same transaction, writing no personal datum anywhere (not in a log, not in an audit
 * detail). An observer that throws rolls the whole erasure back, and the admin sees the failure: nothing is
 * half-erased. Observers that act outside the database (closing sockets) use {@code AFTER_SUCCESS}.
 */
public record ContactErased(long contactId, Set<Long> contactIds, Set<Long> conversationIds, Instant erasedAt) {}
