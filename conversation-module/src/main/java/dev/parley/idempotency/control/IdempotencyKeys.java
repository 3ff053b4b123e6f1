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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Rows per multi-row insert and keys per lookup: far below every driver's parameter limit. */
    static final int ROWS_PER_INSERT = 500;

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
        keepNewest(contactId);
    }

    private void keepNewest(long contactId) {
        em.createNativeQuery(
                        "delete from idempotency_record where contact_id = ?1 and id <= (select id from"
                                + " idempotency_record where contact_id = ?1 order by id desc offset ?2 rows fetch next 1 rows only)")
                .setParameter(1, contactId)
                .setParameter(2, recordsPerContact)
                .executeUpdate();
    }

    private static List<String[]> chunks(Collection<String> keys) {
        String[] all = keys.toArray(String[]::new);
        List<String[]> chunks = new ArrayList<>();
        for (int from = 0; from < all.length; from += ROWS_PER_INSERT) {
            chunks.add(Arrays.copyOfRange(all, from, Math.min(all.length, from + ROWS_PER_INSERT)));
        }
        return chunks;
    }

    /**
     * The live records for these keys, by key, in one query; expired ones are deleted as {@link #find} does.
     */
    public Map<String, IdempotencyRecord> findAll(long contactId, Collection<String> keys, Instant now) {
        Map<String, IdempotencyRecord> live = new HashMap<>();
        boolean expired = false;
        for (String[] chunk : chunks(keys)) {
            for (IdempotencyRecord found : em.createNamedQuery(IdempotencyRecord.FIND_BY_KEYS, IdempotencyRecord.class)
                    .setParameter("contactId", contactId)
                    .setParameter("keys", List.of(chunk))
                    .getResultList()) {
                if (found.isExpired(now)) {
                    em.remove(found);
                    expired = true;
                } else {
                    live.put(found.getKey(), found);
                }
            }
        }
        if (expired) {
            em.flush();
        }
        return live;
    }

    /** A record for {@link #storeAll}, not yet stored: what a key answers from the moment it is decided. */
    public IdempotencyRecord unstored(
            long contactId, String key, String requestHash, int status, Long conversationId, Instant now) {
        return new IdempotencyRecord(contactId, key, requestHash, status, conversationId, now, now.plus(retention));
    }

    /**
     * Stores these records of one contact in one statement per {@value #ROWS_PER_INSERT} rows, then keeps
     * the newest records as {@link #store} does: the same rows as storing them one by one, in their order.
     */
    public void storeAll(long contactId, List<IdempotencyRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        em.flush();
        for (int from = 0; from < records.size(); from += ROWS_PER_INSERT) {
            List<IdempotencyRecord> rows = records.subList(from, Math.min(records.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder("insert into idempotency_record (contact_id, idempotency_key,"
                    + " request_hash, response_status, conversation_id, created_at, expires_at) values ");
            int p = 0;
            for (int row = 0; row < rows.size(); row++) {
                sql.append(row == 0 ? "" : ", ")
                        .append("(?")
                        .append(++p)
                        .append(", ?")
                        .append(++p)
                        .append(", ?")
                        .append(++p)
                        .append(", ?")
                        .append(++p)
                        .append(", cast(?")
                        .append(++p)
                        .append(" as bigint), cast(?")
                        .append(++p)
                        .append(" as timestamp with time zone), cast(?")
                        .append(++p)
                        .append(" as timestamp with time zone))");
            }
            var insert = em.createNativeQuery(sql.toString());
            p = 0;
            for (IdempotencyRecord record : rows) {
                insert.setParameter(++p, record.getContactId());
                insert.setParameter(++p, record.getKey());
                insert.setParameter(++p, record.getRequestHash());
                insert.setParameter(++p, record.getResponseStatus());
                insert.setParameter(++p, record.getConversationId());
                insert.setParameter(++p, record.getCreatedAt());
                insert.setParameter(++p, record.getExpiresAt());
            }
            insert.executeUpdate();
        }
        keepNewest(contactId);
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
