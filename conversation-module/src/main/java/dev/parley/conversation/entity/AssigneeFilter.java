package dev.parley.conversation.entity;

import dev.parley.problem.entity.ProblemException;
import java.util.regex.Pattern;

/**
 * The list's {@code assignee} filter, one meaning for the console and the agent API: {@code me} (the
 * agent asking), {@code none} (nobody has it), or an agent's id. Absent means every conversation.
 */
public record AssigneeFilter(Kind kind, Long agentId) {

    public enum Kind {
        ANY,
        ME,
        NONE,
        AGENT
    }

    public static final AssigneeFilter ANY = new AssigneeFilter(Kind.ANY, null);
    public static final AssigneeFilter ME = new AssigneeFilter(Kind.ME, null);
    public static final AssigneeFilter NONE = new AssigneeFilter(Kind.NONE, null);

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    /** {@code me}, {@code none} or a positive agent id (case-insensitive words); null is {@link #ANY}; else a 400. */
    public static AssigneeFilter parse(String value) {
        if (value == null) {
            return ANY;
        }
        if (value.equalsIgnoreCase("me")) {
            return ME;
        }
        if (value.equalsIgnoreCase("none")) {
            return NONE;
        }
        if (ID.matcher(value).matches()) {
            return agent(Long.parseLong(value));
        }
        throw ProblemException.invalid("assignee", "must be me, none or an agent id");
    }

    public static AssigneeFilter agent(long agentId) {
        return new AssigneeFilter(Kind.AGENT, agentId);
    }

    /**
     * The agent whose conversations are wanted: the given one, or for {@code me} the caller (null when
     * there is no caller, which matches nothing). Meaningless for {@link Kind#ANY} and {@link Kind#NONE}.
     */
    public Long agentFor(Long callerId) {
        return kind == Kind.ME ? callerId : agentId;
    }
}
