package dev.parley.assignment.entity;

import dev.parley.problem.entity.ProblemException;
import java.util.Objects;

/**
 * Who may hand a conversation to whom, decided from the conversation's state under its lock:
 *
 * <ul>
 *   <li>a merged conversation is not assigned at all (409: its target is where the work is);
 *   <li><em>take</em> gives the conversation to the caller when nobody has it or the caller has it already,
 *       and is refused with 409, naming the holder, when another agent has it: a take never steals, so two
 *       agents clicking "assign to me" together end with one assignee and one clear answer;
 *   <li><em>assign</em> hands it to an enabled agent or to nobody (422 for an agent that does not exist or
 *       is disabled); anybody may assign a conversation that nobody or the caller has; changing one that
 *       another agent holds needs the ADMIN role (403).
 * </ul>
 *
 * The decision is {@code from} → {@code to}; equal ids change nothing (and are still answered 200).
 */
public record AssignmentDecision(Long from, Long to) {

    /** The holder of the conversation as a refusal names it. */
    public record Holder(long id, String name) {}

    public boolean changes() {
        return !Objects.equals(from, to);
    }

    public static AssignmentDecision take(boolean merged, Holder holder, long callerId) {
        refuseMerged(merged);
        if (holder != null && holder.id() != callerId) {
            throw ProblemException.conflict(
                    "already-assigned", "This conversation is assigned to " + holder.name() + " already.");
        }
        return new AssignmentDecision(holder == null ? null : holder.id(), callerId);
    }

    /**
     * {@code target} null unassigns; {@code targetAvailable} says whether the target agent exists and is
     * enabled (ignored when unassigning).
     */
    public static AssignmentDecision assign(
            boolean merged, Holder holder, Long target, boolean targetAvailable, long callerId, boolean admin) {
        if (target != null && !targetAvailable) {
            throw new ProblemException(
                    422,
                    "unknown-agent",
                    "Unknown agent",
                    "There is no enabled agent " + target + " to assign the conversation to.");
        }
        refuseMerged(merged);
        Long from = holder == null ? null : holder.id();
        if (from != null && from != callerId && !Objects.equals(from, target) && !admin) {
            throw new ProblemException(
                    403,
                    "forbidden",
                    "Forbidden",
                    "This conversation is assigned to " + holder.name()
                            + "; only an admin may change another agent's conversation.");
        }
        return new AssignmentDecision(from, target);
    }

    private static void refuseMerged(boolean merged) {
        if (merged) {
            throw ProblemException.conflict(
                    "merged", "A merged conversation is not assigned; assign the conversation it was merged into.");
        }
    }
}
