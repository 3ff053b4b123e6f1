package dev.parley.inbox.entity;

/** What Parley does with duplicate live conversations of one visitor. */
public enum AutoMergePolicy {
    OFF,
    SUGGEST,
    AUTOMATIC
}
