package dev.parley.webhook.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.problem.entity.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointInputTest {

    private static List<String> fields(String url, List<String> events) {
        return new EndpointInput(url, events)
                .violations().stream().map(FieldError::field).toList();
    }

    @Test
    void anHttpsUrlWithKnownEventsPasses() {
        assertThat(fields("https://crm.example.com/hooks/parley?x=1", List.of("message.created", "contact.updated")))
                .isEmpty();
        assertThat(new EndpointInput("http://a.example/", List.of("conversation.created")).types())
                .containsExactly(WebhookEventType.CONVERSATION_CREATED);
    }

    @Test
    void onlyHttpAndHttpsWithAHostAreTargets() {
        for (String url : List.of(
                "ftp://example.com/",
                "file:///etc/passwd",
                "javascript:alert(1)",
                "example.com/hook",
                "https:///nohost",
                "https://user:pw@example.com/",
                "https://example.com/#frag",
                "https://exa mple.com/",
                "https://example.com/\u00e9",
                "",
                "https://example.com/" + "a".repeat(2100))) {
            assertThat(fields(url, List.of("message.created"))).as(url).containsExactly("url");
        }
        assertThat(fields(null, List.of("message.created"))).containsExactly("url");
    }

    @Test
    void eventsMustBeKnownNonEmptyAndEachOnce() {
        assertThat(fields("https://example.com/", List.of())).containsExactly("events");
        assertThat(fields("https://example.com/", null)).containsExactly("events");
        assertThat(fields("https://example.com/", List.of("message.deleted"))).containsExactly("events");
        assertThat(fields("https://example.com/", List.of("MESSAGE.CREATED"))).containsExactly("events");
        assertThat(fields("https://example.com/", List.of("message.created", "message.created")))
                .containsExactly("events");
    }
}
