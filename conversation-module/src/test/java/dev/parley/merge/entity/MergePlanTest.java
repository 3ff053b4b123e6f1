package dev.parley.merge.entity;

import static dev.parley.conversation.entity.ConversationStatus.MERGED;
import static dev.parley.conversation.entity.ConversationStatus.OPEN;
import static dev.parley.conversation.entity.ConversationStatus.PENDING;
import static dev.parley.conversation.entity.ConversationStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.agent.entity.Role;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.merge.entity.MergePlan.Party;
import dev.parley.problem.entity.ProblemException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The merge rule branch by branch, without a container: one row per case, read as a sentence. */
class MergePlanTest {

    static final long INBOX = 1;
    static final long OTHER_INBOX = 2;
    static final long ANN = 10;
    static final long BOB = 20;

    /** A merge asked of the rule, and what it must decide. */
    record Case(
            String name,
            Party target,
            List<Party> sources,
            List<Long> chain,
            Long targetContactLive,
            Role role,
            boolean allowCrossContact,
            List<String> refusals,
            List<Long> moving,
            List<Long> unchanged,
            ConversationStatus resultingStatus,
            boolean crossContact) {

        MergePlan plan() {
            return MergePlan.decide(target, sources, chain, targetContactLive, role, allowCrossContact);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Party conversation(long id, long contact, ConversationStatus status) {
        return new Party(id, INBOX, contact, status, null);
    }

    static Party mergedInto(long id, long contact, long into) {
        return new Party(id, INBOX, contact, MERGED, into);
    }

    static Party inOtherInbox(long id, long contact, ConversationStatus status) {
        return new Party(id, OTHER_INBOX, contact, status, null);
    }

    /** Refusals as "status type", in the order the merge checks them. */
    static List<String> refused(String... refusals) {
        return List.of(refusals);
    }

    static final List<String> NONE = List.of();

    static Stream<Case> table() {
        Party annResolved = conversation(1, ANN, RESOLVED);
        Party annOpen = conversation(2, ANN, OPEN);
        Party annPending = conversation(3, ANN, PENDING);
        Party annOld = conversation(4, ANN, RESOLVED);
        Party bobOpen = conversation(5, BOB, OPEN);
        Party bobResolved = conversation(6, BOB, RESOLVED);
        return Stream.of(
                new Case(
                        "a live source reopens a resolved target",
                        annResolved,
                        List.of(annOpen),
                        List.of(),
                        2L,
                        Role.AGENT,
                        false,
                        NONE,
                        List.of(2L),
                        List.of(),
                        OPEN,
                        false),
                new Case(
                        "a pending source reopens a resolved target too",
                        annResolved,
                        List.of(annPending),
                        List.of(),
                        3L,
                        Role.AGENT,
                        false,
                        NONE,
                        List.of(3L),
                        List.of(),
                        OPEN,
                        false),
                new Case(
                        "resolved into resolved stays resolved",
                        annResolved,
                        List.of(annOld),
                        List.of(),
                        null,
                        Role.AGENT,
                        false,
                        NONE,
                        List.of(4L),
                        List.of(),
                        RESOLVED,
                        false),
                new Case(
                        "a live target keeps its status",
                        annOpen,
                        List.of(annResolved),
                        List.of(),
                        2L,
                        Role.AGENT,
                        false,
                        NONE,
                        List.of(1L),
                        List.of(),
                        OPEN,
                        false),
                new Case(
                        "a pending target stays pending when a live source moves in",
                        annPending,
                        List.of(annOld),
                        List.of(),
                        3L,
                        Role.AGENT,
                        false,
                        NONE,
                        List.of(4L),
                        List.of(),
                        PENDING,
                        false),
                new Case(
                        "a source already merged into the target is unchanged",
                        annOpen,
                        List.of(mergedInto(7, ANN, 2), annResolved),
                        List.of(),
                        2L,
                        Role.AGENT,
                        false,
                        NONE,
                        List.of(1L),
                        List.of(7L),
                        OPEN,
                        false),
                new Case(
                        "the same merge again changes nothing",
                        annResolved,
                        List.of(mergedInto(2, ANN, 1)),
                        List.of(),
                        null,
                        Role.AGENT,
                        false,
                        NONE,
                        List.of(),
                        List.of(2L),
                        RESOLVED,
                        false),
                new Case(
                        "a source merged elsewhere is a conflict",
                        annOpen,
                        List.of(mergedInto(7, ANN, 99)),
                        List.of(),
                        2L,
                        Role.AGENT,
                        false,
                        refused("409 conflict"),
                        List.of(),
                        List.of(),
                        OPEN,
                        false),
                new Case(
                        "a merged target is refused",
                        mergedInto(1, ANN, 99),
                        List.of(annOpen),
                        List.of(99L),
                        2L,
                        Role.ADMIN,
                        false,
                        refused("409 target-merged"),
                        List.of(2L),
                        List.of(),
                        MERGED,
                        false),
                new Case(
                        "merging the target's own target into it is a cycle",
                        mergedInto(1, ANN, 2),
                        List.of(annOpen),
                        List.of(2L),
                        2L,
                        Role.ADMIN,
                        false,
                        refused("409 merge-cycle"),
                        List.of(2L),
                        List.of(),
                        MERGED,
                        false),
                new Case(
                        "a cycle further down the chain is a cycle",
                        mergedInto(1, ANN, 8),
                        List.of(annOpen),
                        List.of(8L, 9L, 2L),
                        2L,
                        Role.ADMIN,
                        false,
                        refused("409 merge-cycle"),
                        List.of(2L),
                        List.of(),
                        MERGED,
                        false),
                new Case(
                        "a conversation is not merged into itself",
                        annOpen,
                        List.of(annOpen),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        false,
                        refused("422 merge-into-itself"),
                        List.of(),
                        List.of(),
                        OPEN,
                        false),
                new Case(
                        "a source of another inbox is refused",
                        annOpen,
                        List.of(inOtherInbox(8, ANN, RESOLVED)),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        true,
                        refused("422 other-inbox"),
                        List.of(8L),
                        List.of(),
                        OPEN,
                        false),
                new Case(
                        "another visitor's conversation needs the flag",
                        annOpen,
                        List.of(bobResolved),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        false,
                        refused("422 cross-contact"),
                        List.of(6L),
                        List.of(),
                        OPEN,
                        true),
                new Case(
                        "another visitor's conversation without the flag is the same 422 for an agent",
                        annOpen,
                        List.of(bobResolved),
                        List.of(),
                        2L,
                        Role.AGENT,
                        false,
                        refused("422 cross-contact"),
                        List.of(6L),
                        List.of(),
                        OPEN,
                        true),
                new Case(
                        "an admin merges two visitors' conversations with the flag",
                        annOpen,
                        List.of(bobResolved),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        true,
                        NONE,
                        List.of(6L),
                        List.of(),
                        OPEN,
                        true),
                new Case(
                        "an agent may not merge two visitors' conversations",
                        annOpen,
                        List.of(bobResolved),
                        List.of(),
                        2L,
                        Role.AGENT,
                        true,
                        refused("403 forbidden"),
                        List.of(6L),
                        List.of(),
                        OPEN,
                        true),
                new Case(
                        "the flag alone is not cross-contact: an agent merges one visitor's conversations",
                        annResolved,
                        List.of(annOpen),
                        List.of(),
                        2L,
                        Role.AGENT,
                        true,
                        NONE,
                        List.of(2L),
                        List.of(),
                        OPEN,
                        false),
                new Case(
                        "the permission is answered before anything else",
                        mergedInto(1, ANN, 99),
                        List.of(bobOpen, conversation(1, ANN, MERGED)),
                        List.of(99L),
                        null,
                        Role.AGENT,
                        true,
                        refused("403 forbidden", "422 merge-into-itself", "409 target-merged"),
                        List.of(5L),
                        List.of(),
                        MERGED,
                        true),
                new Case(
                        "reopening is refused while the target's visitor has another live conversation",
                        annResolved,
                        List.of(bobOpen),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        true,
                        refused("409 another-open-conversation"),
                        List.of(5L),
                        List.of(),
                        OPEN,
                        true),
                new Case(
                        "reopening is fine when the target's visitor has no live conversation",
                        annResolved,
                        List.of(bobOpen),
                        List.of(),
                        null,
                        Role.ADMIN,
                        true,
                        NONE,
                        List.of(5L),
                        List.of(),
                        OPEN,
                        true),
                new Case(
                        "the visitor's live conversation does not count when it is merged in as well",
                        annResolved,
                        List.of(bobOpen, annOpen),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        true,
                        NONE,
                        List.of(5L, 2L),
                        List.of(),
                        OPEN,
                        true),
                new Case(
                        "another live conversation does not matter when the target stays closed",
                        annResolved,
                        List.of(bobResolved),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        true,
                        NONE,
                        List.of(6L),
                        List.of(),
                        RESOLVED,
                        true),
                new Case(
                        "another live conversation does not matter when the target is live",
                        annOpen,
                        List.of(bobOpen),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        true,
                        NONE,
                        List.of(5L),
                        List.of(),
                        OPEN,
                        true),
                new Case(
                        "every broken rule is listed, sources in the order asked",
                        annOpen,
                        List.of(bobResolved, mergedInto(7, ANN, 99), inOtherInbox(8, ANN, OPEN)),
                        List.of(),
                        2L,
                        Role.ADMIN,
                        false,
                        refused("422 cross-contact", "409 conflict", "422 other-inbox"),
                        List.of(6L, 8L),
                        List.of(),
                        OPEN,
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void theRuleDecides(Case c) {
        MergePlan plan = c.plan();

        assertThat(plan.refusals())
                .extracting(r -> r.status() + " " + r.type())
                .as(plan.toString())
                .containsExactlyElementsOf(c.refusals());
        assertThat(plan.moving()).as("moving").containsExactlyElementsOf(c.moving());
        assertThat(plan.unchanged()).as("unchanged").containsExactlyElementsOf(c.unchanged());
        assertThat(plan.resultingStatus()).as("resulting status").isEqualTo(c.resultingStatus());
        assertThat(plan.reopens())
                .as("reopens")
                .isEqualTo(c.resultingStatus() == OPEN && c.target().status() == RESOLVED);
        assertThat(plan.crossContact()).as("cross-contact").isEqualTo(c.crossContact());
    }

    /** What the merge answers and the preview shows, word for word as the API answered before the plan. */
    record Wording(String name, MergePlan plan, int status, String type, String title, String detail) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Wording> wordings() {
        Party annOpen = conversation(2, ANN, OPEN);
        return Stream.of(
                new Wording(
                        "forbidden",
                        plan(annOpen, List.of(conversation(5, BOB, OPEN)), List.of(), null, Role.AGENT, true),
                        403,
                        "forbidden",
                        "Forbidden",
                        "Only an admin may do this."),
                new Wording(
                        "into itself",
                        plan(annOpen, List.of(annOpen), List.of(), null, Role.AGENT, false),
                        422,
                        "merge-into-itself",
                        "Unprocessable merge",
                        "A conversation cannot be merged into itself."),
                new Wording(
                        "cycle",
                        plan(mergedInto(1, ANN, 2), List.of(annOpen), List.of(2L), null, Role.AGENT, false),
                        409,
                        "merge-cycle",
                        "Conflict",
                        "Conversation 1 is already merged into 2; merging 2 into it would make a cycle."),
                new Wording(
                        "target merged",
                        plan(mergedInto(1, ANN, 9), List.of(annOpen), List.of(9L), null, Role.AGENT, false),
                        409,
                        "target-merged",
                        "Conflict",
                        "Conversation 1 is merged into 9; merge into that one instead."),
                new Wording(
                        "merged elsewhere",
                        plan(annOpen, List.of(mergedInto(7, ANN, 9)), List.of(), null, Role.AGENT, false),
                        409,
                        "conflict",
                        "Conflict",
                        "Conversation 7 is already merged into 9; unmerge it first."),
                new Wording(
                        "other inbox",
                        plan(annOpen, List.of(inOtherInbox(8, ANN, OPEN)), List.of(), null, Role.AGENT, false),
                        422,
                        "other-inbox",
                        "Unprocessable merge",
                        "Conversation 8 belongs to another inbox."),
                new Wording(
                        "cross-contact",
                        plan(annOpen, List.of(conversation(5, BOB, OPEN)), List.of(), null, Role.ADMIN, false),
                        422,
                        "cross-contact",
                        "Unprocessable merge",
                        "Conversation 5 belongs to another contact; set allowCrossContact to merge anyway."),
                new Wording(
                        "another live conversation",
                        plan(
                                conversation(1, ANN, RESOLVED),
                                List.of(conversation(5, BOB, OPEN)),
                                List.of(),
                                2L,
                                Role.ADMIN,
                                true),
                        409,
                        "another-open-conversation",
                        "Conflict",
                        "Contact 10 already has open conversation 2; resolve or merge it first."));
    }

    static MergePlan plan(Party target, List<Party> sources, List<Long> chain, Long live, Role role, boolean allow) {
        return MergePlan.decide(target, sources, chain, live, role, allow);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wordings")
    void theMergeAnswersTheFirstRefusalAsAProblem(Wording w) {
        assertThatThrownBy(w.plan()::enforce).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.status()).isEqualTo(w.status());
            assertThat(problem.toProblem().type()).isEqualTo("urn:parley:problem:" + w.type());
            assertThat(problem.toProblem().title()).isEqualTo(w.title());
            assertThat(problem.getMessage()).isEqualTo(w.detail());
        });
        assertThat(w.plan().refusals().get(0).problem())
                .isEqualTo(w.plan().refusals().get(0).exception().toProblem());
    }

    @Test
    void theSystemActsWithAdminRights() {
        Party annOpen = conversation(2, ANN, OPEN);
        MergePlan plan = plan(
                annOpen,
                List.of(conversation(5, BOB, OPEN)),
                List.of(),
                2L,
                MergeActor.system("system").role(),
                true);

        assertThat(plan.refusals()).isEmpty();
        assertThat(MergeActor.system("agent:ada").name()).isEqualTo("agent:ada");
        assertThat(MergeActor.agent("ada", Role.AGENT)).isEqualTo(new MergeActor("agent:ada", Role.AGENT));
    }

    @Test
    void aPlanWithoutRefusalsIsEnforcedSilently() {
        MergePlan plan = plan(
                conversation(1, ANN, RESOLVED), List.of(conversation(2, ANN, OPEN)), List.of(), 2L, Role.AGENT, false);

        plan.enforce();
        assertThat(plan.firstRefusal()).isEmpty();
    }
}
