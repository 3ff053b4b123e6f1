package dev.parley.assignment.control;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Automatic assignment of new conversations in inboxes that ask for it: each goes to the online agent
 * assigned longest ago ({@link RoundRobinTurn}). Runs after the start committed, off the request's thread. When
 * two nodes pick the same agent for two conversations at once, the turn that loses the agent's claim rolls back
 * and picks again, so the rotation stays fair across nodes; after {@link #ATTEMPTS} tries it takes the agent
 * anyway (an uneven turn beats an unassigned conversation).
 */
@Stateless
public class RoundRobin {

    static final int ATTEMPTS = 5;

    private static final Logger LOG = Logger.getLogger(RoundRobin.class.getName());

    @Inject
    RoundRobinTurn turn;

    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void assignLater(long contactId, long conversationId, long inboxId) {
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                if (turn.tryAssign(contactId, conversationId, inboxId, attempt == ATTEMPTS)) {
                    return;
                }
            }
        } catch (RuntimeException failure) {
            // the conversation stays unassigned, as with nobody online; an agent takes it by hand
            LOG.log(Level.WARNING, "round robin left conversation " + conversationId + " unassigned: " + failure);
        }
    }
}
