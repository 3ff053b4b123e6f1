package dev.parley.merge.entity;

import dev.parley.agent.entity.Role;
import dev.parley.conversation.entity.Conversation;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.problem.entity.Problem;
import dev.parley.problem.entity.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The merge rule: what merging some source conversations into a target conversation does, and why
 * it may not. It decides on plain values, so the preview and the merge ask it the same question (the
 * merge under its row locks) and cannot disagree, and a unit test asks it without a database.
 *
 * <p>The rule, in the order a merge answers it:
 * <ol>
 * <li>Merging conversations of different visitors is an admin's decision: a non-admin who asks for it
 * ({@code allowCrossContact}) is refused ({@code 403}). The automatic contact merge acts with admin
 * rights ({@link MergeActor#system}).</li>
 * <li>A conversation is not merged into itself ({@code 422}).</li>
 * <li>A merged target takes nothing ({@code 409}): if a source lies on the target's merge chain, the
 * merge would be a cycle; otherwise merge into the conversation it was merged into.</li>
 * <li>Each source, in the order given: one already merged into this target stays as it is (so the same
 * merge twice changes nothing); one merged elsewhere must be unmerged first ({@code 409}); one of
 * another inbox never moves ({@code 422}); one of another visitor moves only if asked for
 * ({@code allowCrossContact}, else {@code 422}).</li>
 * <li>A closed target into which a live source moves reopens, unless its visitor already has another
 * live conversation in the inbox ({@code 409}): a visitor has one live conversation per inbox.</li>
 * </ol>
 * The plan lists every broken rule; the merge answers the first, the preview shows them all.
 */
public final class MergePlan {

    static final String UNPROCESSABLE = "Unprocessable merge";

    /** What the rule needs to know of one conversation. */
    public record Party(long id, long inboxId, long contactId, ConversationStatus status, Long mergedIntoId) {

        public static Party of(Conversation conversation) {
            return new Party(
                    conversation.getId(),
                    conversation.getInbox().getId(),
                    conversation.getContact().getId(),
                    conversation.getStatus(),
                    conversation.getMergedIntoId());
        }
    }

    /** One broken rule, as the problem the merge answers. */
    public record Refusal(int status, String type, String title, String detail) {

        static Refusal conflict(String type, String detail) {
            return new Refusal(409, type, "Conflict", detail);
        }

        static Refusal unprocessable(String type, String detail) {
            return new Refusal(422, type, UNPROCESSABLE, detail);
        }

        public ProblemException exception() {
            return new ProblemException(status, type, title, detail);
        }

        public Problem problem() {
            return exception().toProblem();
        }
    }

    private final List<Long> moving;
    private final List<Long> unchanged;
    private final List<Long> crossContactSources;
    private final boolean reopens;
    private final ConversationStatus resultingStatus;
    private final List<Refusal> refusals;

    private MergePlan(
            List<Long> moving,
            List<Long> unchanged,
            List<Long> crossContactSources,
            boolean reopens,
            ConversationStatus resultingStatus,
            List<Refusal> refusals) {
        this.moving = List.copyOf(moving);
        this.unchanged = List.copyOf(unchanged);
        this.crossContactSources = List.copyOf(crossContactSources);
        this.reopens = reopens;
        this.resultingStatus = resultingStatus;
        this.refusals = List.copyOf(refusals);
    }

    /**
     * Decides a merge.
     *
     * @param target the conversation to keep
     * @param sources the conversations to merge into it, each once, in the order asked
     * @param targetChain if the target is merged: the conversations it was merged into, hop by hop
     * @param targetContactLive the live conversation the target's visitor has in its inbox now, if any
     * @param role the role of whoever merges
     * @param allowCrossContact whether they ask to merge conversations of different visitors
     */
    public static MergePlan decide(
            Party target,
            List<Party> sources,
            List<Long> targetChain,
            Long targetContactLive,
            Role role,
            boolean allowCrossContact) {
        List<Refusal> refusals = new ArrayList<>();
        List<Long> moving = new ArrayList<>();
        List<Long> unchanged = new ArrayList<>();
        List<Long> crossContact = new ArrayList<>();
        List<Refusal> ofSources = new ArrayList<>();
        boolean liveSourceMoves = false;
        boolean intoItself = false;
        for (Party source : sources) {
            if (source.id() == target.id()) {
                intoItself = true;
                continue;
            }
            if (source.status() == ConversationStatus.MERGED) {
                if (Objects.equals(source.mergedIntoId(), target.id())) {
                    unchanged.add(source.id());
                } else {
                    ofSources.add(Refusal.conflict(
                            "conflict",
                            "Conversation " + source.id() + " is already merged into " + source.mergedIntoId()
                                    + "; unmerge it first."));
                }
                continue;
            }
            if (source.inboxId() != target.inboxId()) {
                ofSources.add(Refusal.unprocessable(
                        "other-inbox", "Conversation " + source.id() + " belongs to another inbox."));
            } else if (source.contactId() != target.contactId()) {
                crossContact.add(source.id());
                if (!allowCrossContact) {
                    ofSources.add(Refusal.unprocessable(
                            "cross-contact",
                            "Conversation " + source.id()
                                    + " belongs to another contact; set allowCrossContact to merge anyway."));
                }
            }
            moving.add(source.id());
            liveSourceMoves |= source.status().isLive();
        }
        if (allowCrossContact && !crossContact.isEmpty() && role != Role.ADMIN) {
            refusals.add(new Refusal(403, "forbidden", "Forbidden", "Only an admin may do this."));
        }
        if (intoItself) {
            refusals.add(Refusal.unprocessable("merge-into-itself", "A conversation cannot be merged into itself."));
        }
        boolean targetMerged = target.status() == ConversationStatus.MERGED;
        if (targetMerged) {
            refusals.add(mergedTarget(target, targetChain, sources));
        }
        refusals.addAll(ofSources);
        boolean reopens = !targetMerged && !target.status().isLive() && liveSourceMoves;
        if (reopens
                && targetContactLive != null
                && targetContactLive != target.id()
                && !moving.contains(targetContactLive)) {
            refusals.add(Refusal.conflict(
                    "another-open-conversation",
                    "Contact " + target.contactId() + " already has open conversation " + targetContactLive
                            + "; resolve or merge it first."));
        }
        return new MergePlan(
                moving,
                unchanged,
                crossContact,
                reopens,
                reopens ? ConversationStatus.OPEN : target.status(),
                refusals);
    }

    private static Refusal mergedTarget(Party target, List<Long> targetChain, List<Party> sources) {
        for (long hop : targetChain) {
            if (sources.stream().anyMatch(source -> source.id() == hop)) {
                return Refusal.conflict(
                        "merge-cycle",
                        "Conversation " + target.id() + " is already merged into " + hop + "; merging " + hop
                                + " into it would make a cycle.");
            }
        }
        return Refusal.conflict(
                "target-merged",
                "Conversation " + target.id() + " is merged into " + target.mergedIntoId()
                        + "; merge into that one instead.");
    }

    /** Throws the problem the merge answers if a rule is broken. */
    public void enforce() {
        firstRefusal().ifPresent(refusal -> {
            throw refusal.exception();
        });
    }

    public Optional<Refusal> firstRefusal() {
        return refusals.stream().findFirst();
    }

    /** Every broken rule, in the order the merge checks them; empty if the merge may go ahead. */
    public List<Refusal> refusals() {
        return refusals;
    }

    /** The sources that would move into the target now, in the order asked. */
    public List<Long> moving() {
        return moving;
    }

    /** The sources already merged into the target: a repeated merge leaves them as they are. */
    public List<Long> unchanged() {
        return unchanged;
    }

    /** The moving sources of another visitor than the target's. */
    public List<Long> crossContactSources() {
        return crossContactSources;
    }

    public boolean crossContact() {
        return !crossContactSources.isEmpty();
    }

    /** Whether the merge reopens the target: it is closed and a live source moves in. */
    public boolean reopens() {
        return reopens;
    }

    public ConversationStatus resultingStatus() {
        return resultingStatus;
    }

    @Override
    public String toString() {
        return "MergePlan[moving=" + moving + ", unchanged=" + unchanged + ", crossContact=" + crossContactSources
                + ", resultingStatus=" + resultingStatus + ", refusals=" + refusals + "]";
    }
}
