package dev.parley.assignment.entity;

import dev.parley.conversation.entity.Assignee;

/**
 * Fired in the transaction that changed a conversation's assignee (by an agent, or by the round robin);
 * observed after commit at the edges. {@code assignee} is null when the conversation was unassigned;
 * {@code actor} is {@code agent:NAME} or {@code system}.
 */
public record ConversationAssigned(
        long contactId, long conversationId, Long fromAgentId, Long toAgentId, Assignee assignee, String actor) {}
