package dev.parley.merge.entity;

/**
 * One duplicate scan: {@code groups} of contacts sharing an email with two or more open conversations,
 * each {@code suggested} to the agents. {@code contactsMerged} and {@code failed} stay 0 and are kept for
 * the API's clients: a shared email is no proof of identity, so the scan never merges contacts.
 */
public record ScanResult(int groups, int contactsMerged, int suggested, int failed) {}
