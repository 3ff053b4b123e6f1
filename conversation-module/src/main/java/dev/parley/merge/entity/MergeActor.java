package dev.parley.merge.entity;

import dev.parley.agent.entity.Role;

/**
 * Who merges, as the merge rule sees it: the name written to the audit log and the role that decides
 * what the actor may do. The contact merge of a verified identity acts as the system with admin
 * rights, because the website proved that both contacts are one person; it asks for those rights by
 * name, not by a hidden bypass.
 */
public record MergeActor(String name, Role role) {

    public static MergeActor agent(String username, Role role) {
        return new MergeActor("agent:" + username, role);
    }

    /** The contact merge of a verified identity, audited under {@code name}. */
    public static MergeActor system(String name) {
        return new MergeActor(name, Role.ADMIN);
    }
}
