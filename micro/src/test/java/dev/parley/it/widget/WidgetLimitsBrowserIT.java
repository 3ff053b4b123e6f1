package dev.parley.it.widget;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import dev.parley.it.support.Reply;
import dev.parley.it.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;

/**
 * The widget meeting a visitor limit (issue 12, item 2) in Chromium, on a server of its own whose
 * start and message limits allow one request per visitor in a six-second window. A limited request
 * shows the localized text, is sent again after Retry-After with the same Idempotency-Key or echoId,
 * and ends up in the database once. Limits count in fixed windows that start at multiples of the
 * window since the epoch (the server runs on this machine's clock), so each test first waits for a
 * window with time left, which makes the second request land in the same window as the first.
 */
class WidgetLimitsBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final Duration WINDOW = Duration.ofSeconds(6);

    /** Records the widget's requests to the visitor API with their key, echoId and status, and its error codes. */
    static final String PROBE = """
            (() => {
              if (window.__parleyProbe) return;
              window.__parleyProbe = true;
              const errors = window.__parleyErrors = [];
              window.addEventListener('parley:error', (event) => errors.push(event.detail.code));
              const requests = window.__parleyRequests = [];
              const nativeFetch = window.fetch.bind(window);
              window.fetch = async (url, init = {}) => {
                const response = await nativeFetch(url, init);
                let echoId = null;
                try { echoId = init.body ? JSON.parse(init.body).echoId ?? null : null; } catch (_) { /* not JSON */ }
                requests.push({
                  method: init.method || 'GET', url: String(url), status: response.status, echoId,
                  key: (init.headers && init.headers['Idempotency-Key']) || null,
                  retryAfter: response.headers.get('Retry-After'),
                });
                return response;
              };
            })();
            """;

    static Parley parley;
    static Browser browser;
    static String demo;

    @BeforeAll
    static void boot() {
        parley = ParleyServer.boot(new Node(
                "it-widget-limits",
                0,
                TestDatabase.create("parley_widget_limits"),
                List.of(
                        "-Dparley.limits.start-per-contact=1/" + WINDOW,
                        "-Dparley.limits.message-per-contact=1/" + WINDOW),
                List.of("--nohazelcast"),
                Map.of()));
        browser = Browser.start();
        browser.onEveryPage(PROBE);
        demo = parley.uri("chat/demo").toString();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (parley != null) {
            parley.stop();
        }
    }

    @BeforeEach
    void newVisitor() {
        browser.reset(parley.uri("chat/sdk.js").toString());
    }

    @Test
    void aSecondMessageOverTheLimitShowsTheTextAndIsDeliveredOnceAfterTheWindow() {
        SearchContext widget = loadDemo("");
        openWindow(widget);
        fill(widget, "Pia", "pia@example.com", "Can I return a cactus?");
        widget.findElement(testId("start")).click();
        awaitState("open");
        long conversation = conversationId();
        browser.waiting(WAIT).until(d -> confirmedTexts(widget).size() == 1);

        awaitFreshWindow();
        WebElement composer = widget.findElement(testId("composer"));
        composer.sendKeys("Within 30 days?", Keys.ENTER);
        browser.waiting(WAIT).until(d -> confirmedTexts(widget).size() == 2);
        composer.sendKeys("And without the receipt?", Keys.ENTER);

        WebElement notice = widget.findElement(testId("composer-error"));
        browser.waiting(WAIT)
                .withMessage("the rate-limit text under the composer")
                .until(d ->
                        notice.isDisplayed() && notice.getText().equals("Too many attempts — please wait a moment."));
        assertThat(confirmedTexts(widget)).as("still pending").hasSize(2);

        browser.waiting(WAIT)
                .withMessage("the limited message delivered after the window")
                .until(d -> confirmedTexts(widget).size() == 3);
        browser.waiting(WAIT).withMessage("the text gone").until(d -> !notice.isDisplayed());
        assertThat(confirmedTexts(widget))
                .containsExactly("Can I return a cactus?", "Within 30 days?", "And without the receipt?");
        assertThat(widget.findElements(testId("msg")))
                .as("no pending or failed copy left")
                .hasSize(3);

        List<Map<String, Object>> posts = requests("POST", "/conversations/" + conversation + "/messages");
        assertThat(posts).extracting(r -> r.get("status")).containsExactly(201L, 429L, 201L);
        assertThat(posts.get(1).get("echoId"))
                .isNotNull()
                .isEqualTo(posts.get(2).get("echoId"));
        assertThat(Long.parseLong((String) posts.get(1).get("retryAfter"))).isPositive();
        assertThat(parley.count(
                        "select count(*) from message where conversation_id = ? and content = ?",
                        conversation,
                        "And without the receipt?"))
                .as("one row for the limited message")
                .isEqualTo(1);
        assertThat(errorCodes()).containsExactly("rate-limited");
    }

    /**
     * The visitor's first start of the window is a broken request of its own (a start counts whatever its
     * outcome, and a broken one writes nothing); the widget's start is then the second, in Chinese.
     */
    @Test
    void aStartOverTheLimitShowsTheChineseTextAndOpensOnceAfterTheWindowWithTheSameKey() {
        SearchContext widget = loadDemo("?locale=zh-CN");
        openWindow(widget);
        String token = browser.waiting(WAIT)
                .withMessage("the session the opened window creates")
                .until(d -> browser.<String>js("return localStorage.getItem(arguments[0])", tokenKey()));
        fill(widget, "李雷", "lilei@example.com", "可以退货吗？");

        awaitFreshWindow();
        Reply broken = parley.widget().post("conversations", token, Map.of("Idempotency-Key", "broken-start"), "{}");
        assertThat(broken.status()).as(broken.toString()).isEqualTo(400);
        widget.findElement(testId("start")).click();

        WebElement error = widget.findElement(testId("error"));
        browser.waiting(WAIT)
                .withMessage("the rate-limit text in the pre-chat form")
                .until(d -> error.isDisplayed() && error.getText().contains("尝试次数过多，请稍等片刻。"));
        assertThat(widget.findElement(testId("retry")).isDisplayed())
                .as("no Retry button: the widget retries on its own")
                .isFalse();

        awaitState("open");
        long conversation = conversationId();
        browser.waiting(WAIT).until(d -> confirmedTexts(widget).size() == 1);
        assertThat(confirmedTexts(widget)).containsExactly("可以退货吗？");

        List<Map<String, Object>> starts = requests("POST", "/conversations");
        assertThat(starts).extracting(r -> r.get("status")).containsExactly(429L, 201L);
        assertThat(starts.get(0).get("key")).isNotNull().isEqualTo(starts.get(1).get("key"));
        assertThat(parley.count(
                        "select count(*) from conversation where contact_id = (select contact_id from conversation where id = ?)",
                        conversation))
                .as("one conversation for the visitor")
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from message where conversation_id = ?", conversation))
                .isEqualTo(1);
        assertThat(errorCodes()).containsExactly("rate-limited");
    }

    // ----- helpers ---------------------------------------------------------------------------------

    /** Waits (polling the clock) until the current limit window has most of its six seconds left. */
    static void awaitFreshWindow() {
        long size = WINDOW.toMillis();
        await().atMost(WINDOW.multipliedBy(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> System.currentTimeMillis() % size < 1000);
    }

    SearchContext loadDemo(String query) {
        browser.driver().get(demo + query);
        return browser.waiting(WAIT).until(d -> {
            SearchContext root = d.findElement(By.cssSelector("parley-widget")).getShadowRoot();
            root.findElement(testId("launcher"));
            return root;
        });
    }

    void openWindow(SearchContext widget) {
        widget.findElement(testId("launcher")).click();
        browser.waiting(WAIT).until(d -> widget.findElement(testId("window")).isDisplayed());
    }

    void fill(SearchContext widget, String name, String email, String message) {
        widget.findElement(testId("name")).sendKeys(name);
        widget.findElement(testId("email")).sendKeys(email);
        widget.findElement(testId("message")).sendKeys(message);
    }

    void awaitState(String expected) {
        browser.waiting(WAIT)
                .withMessage("Parley.state() == " + expected)
                .until(d -> expected.equals(browser.js("return window.Parley ? window.Parley.state() : null")));
    }

    long conversationId() {
        return ((Number) Objects.requireNonNull(browser.js("return window.Parley.conversationId()"))).longValue();
    }

    /** The texts of the bubbles the server has confirmed (they carry its id), in the order shown. */
    List<String> confirmedTexts(SearchContext widget) {
        return widget.findElements(By.cssSelector("[data-testid='msg'][data-id]")).stream()
                .map(WebElement::getText)
                .toList();
    }

    List<Map<String, Object>> requests(String method, String urlSuffix) {
        List<Map<String, Object>> all = browser.js("return window.__parleyRequests");
        return all.stream()
                .filter(r -> method.equals(r.get("method")) && ((String) r.get("url")).endsWith(urlSuffix))
                .toList();
    }

    List<String> errorCodes() {
        return browser.js("return window.__parleyErrors");
    }

    static String tokenKey() {
        return "parley." + ParleyServer.WEBSITE_TOKEN + ".contactToken";
    }
}
