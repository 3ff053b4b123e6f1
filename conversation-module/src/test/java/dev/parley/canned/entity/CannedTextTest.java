package dev.parley.canned.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CannedTextTest {

    @Test
    void aValidTextIsTrimmedButItsCodeIsTakenAsTyped() {
        assertThat(CannedText.of("thanks_2-u", "  Thanks  ", "  Thank you!\nBye\t "))
                .isEqualTo(new CannedText("thanks_2-u", "Thanks", "Thank you!\nBye"));
    }

    @Test
    void aCodeIsLowercaseLettersDigitsDashesAndUnderscoresUpTo32() {
        assertThat(CannedText.of("a".repeat(32), "t", "c").shortCode()).hasSize(32);
        for (String code : List.of("", "Hi", "hi there", "a".repeat(33), "/hi", "héllo", "hi\n", " hi")) {
            assertThat(fields(() -> CannedText.of(code, "t", "c"))).as(code).containsExactly("shortCode");
        }
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        assertThat(fields(() -> CannedText.of(null, null, null))).containsExactly("shortCode", "title", "content");
        assertThat(fields(() -> CannedText.of("ok", "two\nlines", " "))).containsExactly("title", "content");
    }

    @Test
    void theTitleHas200AndTheText4000CharactersAtMost() {
        assertThat(CannedText.of("ok", "t".repeat(200), "c".repeat(4000)).content())
                .hasSize(4000);
        assertThat(fields(() -> CannedText.of("ok", "t".repeat(201), "c".repeat(4001))))
                .containsExactly("title", "content");
    }

    @Test
    void controlCharactersOtherThanNewlinesAndTabsAreRefused() {
        assertThat(fields(() -> CannedText.of("ok", "t\u0007", "c\u0000"))).containsExactly("title", "content");
    }

    private static List<String> fields(Runnable check) {
        try {
            check.run();
        } catch (ProblemException problem) {
            assertThat(problem.status()).isEqualTo(400);
            return problem.toProblem().errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("expected a 400 problem");
    }
}
