package dev.parley.merge.entity;

import dev.parley.conversation.entity.ConversationStatus;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One source conversation merged into a target. It remembers what the merge changed (the source's
 * and the target's previous status, the ids of the messages it moved) so that an unmerge puts back
 * exactly those, and leaves messages written after the merge where they are.
 */
@Entity
@Table(name = "merge_record")
@NamedQuery(
        name = MergeRecord.FIND_ACTIVE_FOR_SOURCE,
        query = "select r from MergeRecord r where r.sourceId = :sourceId and r.unmergedAt is null order by r.id desc")
public class MergeRecord {

    public static final String FIND_ACTIVE_FOR_SOURCE = "MergeRecord.findActiveForSource";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "target_id")
    private Long targetId;

    @Column(name = "source_id")
    private Long sourceId;

    @Enumerated(EnumType.STRING)
    @Column(name = "source_previous_status")
    private ConversationStatus sourcePreviousStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "target_previous_status")
    private ConversationStatus targetPreviousStatus;

    @Column(name = "cross_contact")
    private boolean crossContact;

    private String actor;

    @Column(name = "merged_at")
    private Instant mergedAt;

    @Column(name = "unmerged_at")
    private Instant unmergedAt;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "merge_moved_message", joinColumns = @JoinColumn(name = "merge_id"))
    @Column(name = "message_id")
    private List<Long> movedMessageIds = new ArrayList<>();

    protected MergeRecord() {}

    public MergeRecord(
            long targetId,
            long sourceId,
            ConversationStatus sourcePreviousStatus,
            ConversationStatus targetPreviousStatus,
            boolean crossContact,
            String actor,
            List<Long> movedMessageIds,
            Instant mergedAt) {
        this.targetId = targetId;
        this.sourceId = sourceId;
        this.sourcePreviousStatus = sourcePreviousStatus;
        this.targetPreviousStatus = targetPreviousStatus;
        this.crossContact = crossContact;
        this.actor = actor;
        this.movedMessageIds = new ArrayList<>(movedMessageIds);
        this.mergedAt = mergedAt;
    }

    public void undone(Instant now) {
        this.unmergedAt = now;
    }

    public Long getId() {
        return id;
    }

    public Long getTargetId() {
        return targetId;
    }

    public Long getSourceId() {
        return sourceId;
    }

    public ConversationStatus getSourcePreviousStatus() {
        return sourcePreviousStatus;
    }

    public ConversationStatus getTargetPreviousStatus() {
        return targetPreviousStatus;
    }

    public boolean isCrossContact() {
        return crossContact;
    }

    public List<Long> getMovedMessageIds() {
        return movedMessageIds;
    }

    public String getActor() {
        return actor;
    }

    public Instant getMergedAt() {
        return mergedAt;
    }

    /** When the merge was undone; null while it stands. */
    public Instant getUnmergedAt() {
        return unmergedAt;
    }
}
