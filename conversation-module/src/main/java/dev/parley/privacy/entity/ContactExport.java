package dev.parley.privacy.entity;

import dev.parley.contact.entity.ContactDevice;
import dev.parley.contact.entity.VisitorContextView;
import dev.parley.conversation.entity.MessageView;
import java.time.Instant;
import java.util.List;

/**
 * Everything Parley holds about one visitor, as the export answers it: the contact (and the anonymous
 * contacts merged into it), its devices without their tokens (only hashes are stored, and not exported), its
 * conversations with the messages written in them (wherever a merge moved them since; another visitor's
 * messages merged into them are that visitor's and not exported here), the merges involving its conversations, the audit entries about it or its conversations,
 * and its erasure requests.
 */
public record ContactExport(
        Instant exportedAt,
        Person contact,
        List<Person> mergedContacts,
        List<ContactDevice> devices,
        List<ConversationRecord> conversations,
        List<MergeHistory> merges,
        List<AuditLine> auditEntries,
        List<ErasureRequestView> erasureRequests) {

    /** A contact's own fields; {@code erasedAt} is set once its personal data was erased. */
    public record Person(
            long id,
            long inboxId,
            String name,
            String email,
            String identifier,
            Instant createdAt,
            Instant verifiedAt,
            Long mergedIntoId,
            Instant erasedAt,
            VisitorContextView context) {}

    /** A conversation and the messages written in it; {@code conversationId} of each says where it is now. */
    public record ConversationRecord(
            long id,
            long contactId,
            String status,
            Long mergedIntoId,
            Instant createdAt,
            Instant updatedAt,
            List<MessageView> messages) {}

    /** One merge of a conversation into another, and its undoing. */
    public record MergeHistory(
            long id,
            long targetId,
            long sourceId,
            boolean crossContact,
            String actor,
            Instant mergedAt,
            Instant unmergedAt,
            List<Long> movedMessageIds) {}

    /** One audit entry. */
    public record AuditLine(
            long id,
            Instant occurredAt,
            String action,
            String outcome,
            String actor,
            String requestId,
            Long contactId,
            Long conversationId,
            String detail) {}
}
