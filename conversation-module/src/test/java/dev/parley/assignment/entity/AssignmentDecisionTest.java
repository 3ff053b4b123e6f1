package dev.parley.assignment.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.assignment.entity.AssignmentDecision.Holder;
import dev.parley.problem.entity.ProblemException;
import org.junit.jupiter.api.Test;

/** The assignment rule branch by branch: take, then assign, then what a merged conversation allows. */
class AssignmentDecisionTest {

    static final long ME = 1;
    static final long OTHER = 2;
    static final long THIRD = 3;
    static final Holder MINE = new Holder(ME, "Me (me)");
    static final Holder OTHERS = new Holder(OTHER, "Bea (bea)");

    @Test
    void takingAnUnassignedConversationGivesItToTheCaller() {
        AssignmentDecision decision = AssignmentDecision.take(false, null, ME);

        assertThat(decision).isEqualTo(new AssignmentDecision(null, ME));
        assertThat(decision.changes()).isTrue();
    }

    @Test
    void takingOnesOwnConversationAgainChangesNothing() {
        AssignmentDecision decision = AssignmentDecision.take(false, MINE, ME);

        assertThat(decision.changes()).isFalse();
    }

    @Test
    void takingAnotherAgentsConversationIsAConflictNamingTheHolder() {
        assertThatThrownBy(() -> AssignmentDecision.take(false, OTHERS, ME))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(409);
                    assertThat(problem.toProblem().type()).isEqualTo("urn:parley:problem:already-assigned");
                    assertThat(problem.getMessage()).contains("Bea (bea)");
                });
    }

    @Test
    void anyoneAssignsAnUnassignedConversationToAnyEnabledAgent() {
        assertThat(AssignmentDecision.assign(false, null, THIRD, true, ME, false))
                .isEqualTo(new AssignmentDecision(null, THIRD));
    }

    @Test
    void anAgentHandsOverOrUnassignsItsOwnConversation() {
        assertThat(AssignmentDecision.assign(false, MINE, OTHER, true, ME, false))
                .isEqualTo(new AssignmentDecision(ME, OTHER));
        assertThat(AssignmentDecision.assign(false, MINE, null, false, ME, false))
                .isEqualTo(new AssignmentDecision(ME, null));
    }

    @Test
    void changingAnotherAgentsConversationNeedsAnAdmin() {
        assertThatThrownBy(() -> AssignmentDecision.assign(false, OTHERS, ME, true, ME, false))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        problem -> assertThat(problem.status()).isEqualTo(403));
        assertThatThrownBy(() -> AssignmentDecision.assign(false, OTHERS, null, false, ME, false))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        problem -> assertThat(problem.status()).isEqualTo(403));
        assertThat(AssignmentDecision.assign(false, OTHERS, ME, true, ME, true))
                .isEqualTo(new AssignmentDecision(OTHER, ME));
        assertThat(AssignmentDecision.assign(false, OTHERS, null, false, ME, true))
                .isEqualTo(new AssignmentDecision(OTHER, null));
    }

    @Test
    void assigningAnotherAgentsConversationToThatAgentChangesNothingAndIsAllowed() {
        AssignmentDecision decision = AssignmentDecision.assign(false, OTHERS, OTHER, true, ME, false);

        assertThat(decision.changes()).isFalse();
    }

    @Test
    void anUnknownOrDisabledTargetIsUnprocessable() {
        assertThatThrownBy(() -> AssignmentDecision.assign(false, null, 99L, false, ME, true))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.toProblem().type()).isEqualTo("urn:parley:problem:unknown-agent");
                });
    }

    @Test
    void aMergedConversationIsNeitherTakenNorAssigned() {
        assertThatThrownBy(() -> AssignmentDecision.take(true, null, ME))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        problem -> assertThat(problem.status()).isEqualTo(409));
        assertThatThrownBy(() -> AssignmentDecision.assign(true, null, ME, true, ME, true))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        problem -> assertThat(problem.status()).isEqualTo(409));
    }
}
