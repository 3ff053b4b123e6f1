package dev.parley.merge.entity;

import dev.parley.agent.entity.Role;

/**
 * Who merges, as the merge rule sees it: the name written to the audit log and the role that decides
 * what the actor may do. The automatic contact merge acts as the system with admin rights, because
 * an admin opted the inbox into it (its AUTOMATIC policy); it asks for those rights by name, not by
 * a hidden bypass.
 */
public record MergeActor(String name, Role role) {

    public static MergeActor agent(String username, Role role) {
        return new MergeActor("agent:" + username, role);
    }

    /** The automatic contact merge, audited under {@code name} (the scan's or the start's actor). */
    public static MergeActor system(String name) {
        return new MergeActor(name, Role.ADMIN);
    }
}
