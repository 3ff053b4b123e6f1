package dev.parley.canned.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void theVisitorsNameAndFirstNameAndTheAgentsNameAreFilledIn() {
        assertThat(Placeholders.fill(
                        "Hi {{visitor.firstName}}! I'm {{agent.name}}. Thanks, {{visitor.name}}.",
                        "Ann Marie Smith",
                        "Paula"))
                .isEqualTo("Hi Ann! I'm Paula. Thanks, Ann Marie Smith.");
    }

    @Test
    void aVisitorWithoutANameIsThere() {
        assertThat(Placeholders.fill("Hi {{visitor.firstName}}, {{visitor.name}}", null, "Paula"))
                .isEqualTo("Hi there, there");
        assertThat(Placeholders.fill("Hi {{visitor.name}}", "   ", "Paula")).isEqualTo("Hi there");
    }

    @Test
    void spacesInsideTheBracesAreAllowed() {
        assertThat(Placeholders.fill("Hi {{ visitor.name }}", "Ann", "Paula")).isEqualTo("Hi Ann");
    }

    @Test
    void anUnknownPlaceholderStaysAsWritten() {
        assertThat(Placeholders.fill("{{visitor.email}} {{ 7*7 }} ${visitor.name} {{Visitor.Name}}", "Ann", "P"))
                .isEqualTo("{{visitor.email}} {{ 7*7 }} ${visitor.name} {{Visitor.Name}}");
    }

    @Test
    void aNameThatLooksLikeAPlaceholderIsNotExpandedAgain() {
        assertThat(Placeholders.fill("Hi {{visitor.name}}, I'm {{agent.name}}", "{{agent.name}}", "Paula"))
                .isEqualTo("Hi {{agent.name}}, I'm Paula");
    }

    @Test
    void replacementCharactersOfRegularExpressionsAreTakenLiterally() {
        assertThat(Placeholders.fill("Hi {{visitor.name}}", "$1 \\ $0", "Paula"))
                .isEqualTo("Hi $1 \\ $0");
    }

    @Test
    void markupIsLeftForTheScreenToEscape() {
        assertThat(Placeholders.fill("Hi {{visitor.name}}", "<b>Ann</b>", "Paula"))
                .isEqualTo("Hi <b>Ann</b>");
    }

    @Test
    void textWithoutPlaceholdersIsUnchanged() {
        assertThat(Placeholders.fill("Line one\nline two {{", "Ann", "Paula")).isEqualTo("Line one\nline two {{");
    }
}
