package dev.parley.merge.entity;

import java.util.Set;
import java.util.TreeSet;

/**
 * The duplicate groups one transaction changed (contacts, and the emails they had or have), fired once when the
 * transaction first refreshes a flag and filled in until it commits; observed after commit to recheck them.
 */
public record DuplicateGroupsChanged(Set<Long> contactIds, Set<String> emails) {

    public static DuplicateGroupsChanged empty() {
        return new DuplicateGroupsChanged(new TreeSet<>(), new TreeSet<>());
    }
}
