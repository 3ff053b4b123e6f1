package dev.parley.merge.entity;

/**
 * One duplicate scan: {@code groups} of contacts sharing an email with two or more open conversations;
 * {@code contactsMerged} where the inbox merges automatically, {@code suggested} where it only suggests,
 * {@code failed} groups left for the next scan (busy database or a conflicting change).
 */
public record ScanResult(int groups, int contactsMerged, int suggested, int failed) {}
