package dev.parley.idempotency.control;

import dev.parley.idempotency.entity.IdempotencyRecord;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Idempotency-Key records (IETF httpapi draft, Stripe practice): scoped per contact, kept for a
 * retention period ({@code parley.idempotency.retention}, default 24 h), read and written inside
 * the caller's transaction while it holds the contact lock.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class IdempotencyKeys {

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "parley.idempotency.retention", defaultValue = "PT24H")
    Duration retention;

    @Inject
    @ConfigProperty(name = "parley.limits.idempotency-records-per-contact", defaultValue = "100")
    int recordsPerContact;

    /** 1–255 printable ASCII characters, as the draft suggests for opaque keys. */
    public static boolean isValid(String key) {
        return key != null
                && !key.isBlank()
                && key.length() <= 255
                && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    /** The live record for this key, if any; an expired one is deleted so the key can start afresh. */
    public Optional<IdempotencyRecord> find(long contactId, String key, Instant now) {
        Optional<IdempotencyRecord> found = em.createNamedQuery(IdempotencyRecord.FIND_BY_KEY, IdempotencyRecord.class)
                .setParameter("contactId", contactId)
                .setParameter("key", key)
                .getResultStream()
                .findFirst();
        if (found.isPresent() && found.get().isExpired(now)) {
            em.remove(found.get());
            em.flush();
            return Optional.empty();
        }
        return found;
    }

    /**
     * Stores the answer to a start as a reference (status and conversation), never as a copy of the
     * conversation, and keeps only the visitor's newest {@code parley.limits.idempotency-records-per-contact}
     * records, so a script sending a fresh key per request cannot grow the table: a replay of one of the
     * latest keys keeps working, an older key starts afresh.
     */
    public void store(long contactId, String key, String requestHash, int status, Long conversationId, Instant now) {
        em.persist(
                new IdempotencyRecord(contactId, key, requestHash, status, conversationId, now, now.plus(retention)));
        em.flush();
        em.createNativeQuery(
                        "delete from idempotency_record where contact_id = ?1 and id <= (select id from"
                                + " idempotency_record where contact_id = ?1 order by id desc offset ?2 rows fetch next 1 rows only)")
                .setParameter(1, contactId)
                .setParameter(2, recordsPerContact)
                .executeUpdate();
    }

    /** The live record for this key, if any, without touching an expired one: for a read-only replay. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<IdempotencyRecord> peek(long contactId, String key, Instant now) {
        return em.createNamedQuery(IdempotencyRecord.FIND_BY_KEY, IdempotencyRecord.class)
                .setParameter("contactId", contactId)
                .setParameter("key", key)
                .getResultStream()
                .filter(record -> !record.isExpired(now))
                .findFirst();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public int purgeExpired(Instant now) {
        return em.createNamedQuery(IdempotencyRecord.DELETE_EXPIRED)
                .setParameter("now", now)
                .executeUpdate();
    }
}
