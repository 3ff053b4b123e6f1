package dev.parley.privacy.entity;

/** A visitor's erasure request waits for an admin, who erases the visitor's data or turns the request down. */
public enum ErasureRequestStatus {
    PENDING,
    CONFIRMED,
    REJECTED
}
