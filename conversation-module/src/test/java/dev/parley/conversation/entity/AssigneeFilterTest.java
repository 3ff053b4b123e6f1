package dev.parley.conversation.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.problem.entity.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The assignee filter's words and ids, and what "me" means for a caller. */
class AssigneeFilterTest {

    @Test
    void wordsAndIdsParse() {
        assertThat(AssigneeFilter.parse(null)).isEqualTo(AssigneeFilter.ANY);
        assertThat(AssigneeFilter.parse("me")).isEqualTo(AssigneeFilter.ME);
        assertThat(AssigneeFilter.parse("NONE")).isEqualTo(AssigneeFilter.NONE);
        assertThat(AssigneeFilter.parse("7")).isEqualTo(AssigneeFilter.agent(7));
    }

    @Test
    void meIsTheCallerAndAnIdIsItself() {
        assertThat(AssigneeFilter.ME.agentFor(5L)).isEqualTo(5L);
        assertThat(AssigneeFilter.agent(7).agentFor(5L)).isEqualTo(7L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0", "-1", "01", "1.5", "abc", "me,none", "99999999999999999999"})
    void anythingElseIsAFieldError(String value) {
        assertThatThrownBy(() -> AssigneeFilter.parse(value))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        problem -> assertThat(problem.status()).isEqualTo(400));
    }
}
