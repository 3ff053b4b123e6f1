package dev.parley.limit.control;

import dev.parley.schema.control.Database;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shared counters behind the limits: one row per bucket in the database every node uses, so two
 * nodes count one visitor's requests together. A hit is its own short transaction (a refused or failed
 * request still counts), and several buckets of one request are counted in one round trip on
 * PostgreSQL, in bucket order so that two requests never wait for each other's rows in opposite orders.
 */
@Stateless
public class RateCounter {

    @PersistenceContext
    EntityManager em;

    @Inject
    Database database;

    /** Counts one hit in each bucket's window (bucket → window start) and answers each bucket's hits so far. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Map<String, Integer> hit(Map<String, Instant> windows) {
        Map<String, Instant> ordered = new TreeMap<>(windows);
        Map<String, Integer> hits = new TreeMap<>();
        if (database.isPostgres()) {
            // synchronous_commit off for this transaction only: a counter row is locked until its commit,
            // and every request of one address hits the same row, so waiting for the WAL flush would
            // serialize them all; a crash can lose the last hits of a window, which a limit can afford
            StringBuilder sql = new StringBuilder("insert into rate_limit (bucket, window_start, hits) select v.bucket,"
                    + " v.window_start, 1 from (select set_config('synchronous_commit', 'off', true)) s, (values ");
            int i = 0;
            for (int n = 0; n < ordered.size(); n++) {
                sql.append(n == 0 ? "" : ", ")
                        .append("(cast(?")
                        .append(++i)
                        .append(" as varchar(300)), cast(?")
                        .append(++i)
                        .append(" as timestamp with time zone))");
            }
            sql.append(") v(bucket, window_start)");
            sql.append(" on conflict (bucket) do update set hits = case when rate_limit.window_start ="
                    + " excluded.window_start then rate_limit.hits + 1 else 1 end,"
                    + " window_start = excluded.window_start returning bucket, hits");
            var query = em.createNativeQuery(sql.toString());
            int p = 0;
            for (Map.Entry<String, Instant> bucket : ordered.entrySet()) {
                query.setParameter(++p, bucket.getKey());
                query.setParameter(++p, bucket.getValue());
            }
            for (Object row : query.getResultList()) {
                Object[] columns = (Object[]) row;
                hits.put((String) columns[0], ((Number) columns[1]).intValue());
            }
            return hits;
        }
        for (Map.Entry<String, Instant> bucket : ordered.entrySet()) {
            em.createNativeQuery(
                            "merge into rate_limit r using (values (cast(?1 as varchar(300)), cast(?2 as timestamp with time zone)))"
                                    + " s(bucket, window_start)"
                                    + " on r.bucket = s.bucket when matched then update set hits = case when r.window_start"
                                    + " = s.window_start then r.hits + 1 else 1 end, window_start = s.window_start"
                                    + " when not matched then insert (bucket, window_start, hits)"
                                    + " values (s.bucket, s.window_start, 1)")
                    .setParameter(1, bucket.getKey())
                    .setParameter(2, bucket.getValue())
                    .executeUpdate();
            hits.put(
                    bucket.getKey(),
                    ((Number) em.createNativeQuery("select hits from rate_limit where bucket = ?1")
                                    .setParameter(1, bucket.getKey())
                                    .getSingleResult())
                            .intValue());
        }
        return hits;
    }

    /** Forgets counters whose window ended more than a day ago; the longest limit window is far shorter. */
    @Schedule(hour = "*", minute = "7", persistent = false)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void sweep() {
        em.createNativeQuery("delete from rate_limit where window_start < ?1")
                .setParameter(1, Instant.now().minus(1, ChronoUnit.DAYS))
                .executeUpdate();
    }
}
