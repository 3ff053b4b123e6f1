package dev.parley.contact.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.entity.FieldError;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The visitor context rule: what a widget may report, how it is stored, and when a report changes nothing. */
class VisitorContextTest {

    static final String PAGE = "https://shop.example/cart?step=2";

    static VisitorContext page(String url) {
        return new VisitorContext(url, "Cart", "zh-Hans-CN", "Asia/Shanghai", "Mozilla/5.0");
    }

    static List<String> fields(VisitorContext context) {
        return VisitorContext.violations(context).stream()
                .map(FieldError::field)
                .toList();
    }

    @Test
    void aWidgetsReportIsValidAndLosesOnlyItsFragment() {
        VisitorContext report = page(PAGE + "#access_token=secret");
        assertThat(VisitorContext.violations(report)).isEmpty();
        assertThat(report.normalized()).isEqualTo(page(PAGE));
        assertThat(VisitorContext.violations(new VisitorContext(PAGE, null, null, null, null)))
                .as("only the url is required")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)",
                "data:text/html,hi",
                "file:///etc/passwd",
                "ftp://shop.example/",
                "/cart",
                "https://",
                "https://user:secret@shop.example/",
                "https://shop.example/a b",
                "https://shop.example/\u00e9",
                "https://shop.example/\u0000",
                "   "
            })
    void onlyAbsoluteHttpAddressesWithoutCredentialsArePages(String url) {
        assertThat(fields(page(url))).containsExactly("url");
    }

    @Test
    void everyFieldHasItsLimit() {
        String longUrl = "https://shop.example/" + "x".repeat(VisitorContext.URL_LIMIT);
        assertThat(fields(page(longUrl))).containsExactly("url");
        assertThat(fields(new VisitorContext(PAGE, "t".repeat(301), "en", "UTC", null)))
                .containsExactly("title");
        assertThat(fields(new VisitorContext(PAGE, "t".repeat(300), "en", "UTC", null)))
                .isEmpty();
        assertThat(fields(new VisitorContext(PAGE, "Car\u0007t", "en-" + "a".repeat(40), "Mars/Olympus", null)))
                .containsExactly("title", "language", "timeZone");
        assertThat(fields(new VisitorContext(PAGE, " ", "not a tag", "+05:00", null)))
                .containsExactly("title", "language", "timeZone");
    }

    @Test
    void theBrowserIsCutToItsLimitWithoutControlCharacters() {
        assertThat(VisitorContext.browser(" Mozilla/5.0\u0000(X11)\n ")).isEqualTo("Mozilla/5.0 (X11)");
        assertThat(VisitorContext.browser("b".repeat(1000))).hasSize(VisitorContext.BROWSER_LIMIT);
        assertThat(VisitorContext.browser("b".repeat(299) + "\ud83d\ude00")).hasSize(299);
        assertThat(VisitorContext.browser("  ")).isNull();
        assertThat(VisitorContext.browser(null)).isNull();
    }

    @Test
    void theSameReportAgainChangesNothing() {
        Contact contact = new Contact(new Inbox("Shop", "w", Instant.EPOCH), Instant.EPOCH);
        Instant first = Instant.parse("2025-01-01T10:00:00Z");
        assertThat(VisitorContextView.of(contact)).as("never reported").isNull();
        assertThat(contact.reportContext(page(PAGE), first)).isTrue();
        assertThat(contact.reportContext(page(PAGE), first.plusSeconds(5))).isFalse();
        assertThat(VisitorContextView.of(contact).updatedAt()).isEqualTo(first);
        assertThat(contact.reportContext(page(PAGE + "&step=3"), first.plusSeconds(9)))
                .isTrue();
        assertThat(VisitorContextView.of(contact).url()).isEqualTo(PAGE + "&step=3");
    }

    @Test
    void theLocalTimeIsComputedWhenShown() {
        VisitorContextView view = new VisitorContextView(PAGE, null, null, "Asia/Shanghai", null, Instant.EPOCH);
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        assertThat(view.localTime(now)).hasValue(now.atZone(ZoneId.of("Asia/Shanghai")));
        assertThat(view.localTime(now).orElseThrow().getHour()).isEqualTo(20);
        assertThat(new VisitorContextView(PAGE, null, null, null, null, Instant.EPOCH).localTime(now))
                .isEmpty();
    }
}
