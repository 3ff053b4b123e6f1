package dev.parley.conversation.entity;

public enum Sender {
    CONTACT,
    AGENT,
    SYSTEM
}
