package dev.parley.merge.entity;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The duplicate groups one transaction changed (contacts, and the emails they had or have), fired once when the
 * transaction first refreshes a flag and filled in until it commits; observed after commit to recheck them.
 * {@code covered}: the messages already refreshed for, so a message announced to several readers counts once.
 */
public record DuplicateGroupsChanged(Set<Long> contactIds, Set<String> emails, Set<Long> covered) {

    public static DuplicateGroupsChanged empty() {
        return new DuplicateGroupsChanged(new TreeSet<>(), new TreeSet<>(), new HashSet<>());
    }
}
