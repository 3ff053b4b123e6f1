package dev.parley.audit.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.function.Supplier;

/**
 * The transaction of one write that {@link Refusals} answers for: it begins and ends inside
 * {@link Refusals#audited}, so the write's database connection is back in the pool before a refusal
 * is recorded in a transaction of its own.
 */
@Stateless
public class WriteTransaction {

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public <T> T run(Supplier<T> write) {
        return write.get();
    }
}
