package dev.parley.it.widget;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.security.entity.Digests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

/**
 * The widget's JavaScript API as a website drives it (issue 11): {@code Parley.setUser} with a hash the
 * server would compute, calls queued by the embed snippet before the script loaded, the {@code parley:*}
 * events, two tabs of one browser sharing one conversation, and {@code Parley.reset()} on logout. The demo
 * page in headless Chromium against the real server; one browser for the class.
 */
@ExtendWith(ParleyServer.class)
class WidgetApiBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final String PREFIX = "parley." + ParleyServer.WEBSITE_TOKEN + ".";

    /**
     * Before the page's own scripts: records every parley:* event with its detail, and, when the URL's
     * fragment is {@code #queue=<json>}, makes those calls through the embed snippet's stub, before sdk.js
     * can possibly exist.
     */
    static final String PROBE = """
            (() => {
              if (window.__parleyApiProbe) return;
              window.__parleyApiProbe = true;
              const events = window.__parleyEvents = [];
              for (const name of ['ready', 'opened', 'closed', 'conversation-started', 'message', 'unread', 'error']) {
                window.addEventListener('parley:' + name, (event) => events.push({ name, detail: event.detail }));
              }
              if (location.hash.startsWith('#queue=')) {
                window.__loadedBeforeQueue = typeof window.Parley;
                window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
                for (const call of JSON.parse(decodeURIComponent(location.hash.slice(7)))) window.Parley(...call);
              }
            })();
            """;

    static Browser browser;
    static Parley parley;
    static AgentClient agent;
    static String demo;
    static String secret;

    @BeforeAll
    static void startBrowser(Parley server) {
        browser = Browser.start();
        browser.onEveryPage(PROBE);
        parley = server;
        agent = server.agent();
        demo = server.uri("chat/demo").toString();
        List<List<Object>> secrets =
                server.rows("select identity_secret from inbox where website_token = ?", ParleyServer.WEBSITE_TOKEN);
        secret = secrets.isEmpty() ? null : (String) secrets.get(0).get(0);
        assertThat(secret)
                .as("the test server's default inbox has an identity secret (PARLEY_IDENTITY_SECRET)")
                .isNotBlank();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    static String firstTab;

    @BeforeEach
    void newVisitor() {
        // One tab only: a second tab left open by a failed test would still be a widget following this one.
        if (firstTab == null) {
            firstTab = driver().getWindowHandle();
        }
        for (String handle : driver().getWindowHandles()) {
            if (!handle.equals(firstTab)) {
                driver().switchTo().window(handle).close();
            }
        }
        driver().switchTo().window(firstTab);
        browser.reset(parley.uri("chat/sdk.js").toString());
    }

    @Test
    void callsQueuedBeforeTheScriptLoadedRunAfterItInOrderAndSetUserMakesTheStartVerified() {
        String identifier = "user-" + UUID.randomUUID();
        String hash = Digests.hmacSha256Hex(secret, identifier);
        String calls = "[[\"setLocale\",\"zh-CN\"],[\"open\"],[\"close\"],"
                + "[\"setUser\",\"" + identifier + "\",{\"identifierHash\":\"" + hash + "\",\"name\":\"Ann\"}],"
                + "[\"toggle\"],[\"setLocale\",\"en\"]]";
        driver().get(demo + "#queue="
                + java.net.URLEncoder.encode(calls, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"));
        SearchContext widget = widget();

        assertThat(browser.<String>js("return window.__loadedBeforeQueue")).isEqualTo("undefined");
        browser.waiting(WAIT)
                .withMessage("setUser stored the identity")
                .until(d -> identifier.equals(stored("identifier")));
        assertThat(eventNames()).as("open, close, toggle in order").containsSubsequence("opened", "closed", "opened");
        assertThat(browser.<String>js("return document.querySelector('parley-widget').getAttribute('lang')"))
                .as("the last setLocale wins")
                .isEqualTo("en");
        assertThat(widget.findElement(testId("window")).isDisplayed()).isTrue();
        assertThat(requestsInThisTab("/chat/api/v1/session"))
                .as("one session, created with the identity")
                .isEqualTo(1);

        long conversation = startInWindow(widget, "Ann", "ann@example.com", "Where is my order?");

        assertThat(parley.rows(
                        "select c.identifier, c.verified_at is not null from contact c"
                                + " join conversation v on v.contact_id = c.id where v.id = ?",
                        conversation))
                .containsExactly(List.of(identifier, true));
        assertThat(requestsInThisTab("/chat/api/v1/conversations")).isEqualTo(1);
    }

    @Test
    void twoTabsShowOneConversationWithOneStartAndFollowOpenUnreadAndReset() {
        SearchContext first = loadDemo();
        String firstTab = WidgetApiBrowserIT.firstTab;
        driver().switchTo().newWindow(WindowType.TAB);
        String secondTab = driver().getWindowHandle();
        SearchContext second = loadDemo();
        browser.js(PROBE); // the DevTools session (onEveryPage, the request log) belongs to the first tab

        driver().switchTo().window(firstTab);
        first.findElement(testId("launcher")).click();
        long conversation = startInWindow(first, "Tia", "tia@example.com", "Two tabs, one chat?");

        driver().switchTo().window(secondTab);
        browser.waiting(WAIT)
                .withMessage("the second tab shows the conversation")
                .until(d -> Objects.equals(conversationIdOrNull(), conversation));
        assertThat(second.findElement(testId("window")).isDisplayed())
                .as("open follows")
                .isTrue();
        assertThat(browser.<String>js("return window.Parley.state()")).isEqualTo("open");
        assertThat(startRequestsInThisTab())
                .as("start requests the second tab sent")
                .isZero();
        assertThat(browser.sentCount("POST", "/chat/api/v1/conversations"))
                .as("start requests the first tab sent")
                .isEqualTo(1);
        assertThat(parley.count(
                        "select count(*) from idempotency_record where contact_id ="
                                + " (select contact_id from conversation where id = ?)",
                        conversation))
                .as("start attempts the server saw")
                .isEqualTo(1);
        assertThat(events("conversation-started"))
                .as("the second tab did not start")
                .isEmpty();

        second.findElement(testId("close")).click();
        driver().switchTo().window(firstTab);
        browser.waiting(WAIT)
                .withMessage("close follows")
                .until(d -> !first.findElement(testId("window")).isDisplayed());
        awaitConnected(first);
        long reply = agent.replied(conversation, "Yes, the same one.");
        browser.waiting(WAIT).until(d -> unreadCount() == 1);
        driver().switchTo().window(secondTab);
        browser.waiting(WAIT).until(d -> unreadCount() == 1);
        assertThat(second.findElement(testId("unread")).getText()).isEqualTo("1");
        assertThat(events("message")).extracting(e -> e.get("messageId")).containsExactly(reply);

        second.findElement(testId("launcher")).click();
        driver().switchTo().window(firstTab);
        browser.waiting(WAIT).withMessage("opening in one tab reads it in both").until(d -> unreadCount() == 0);
        assertThat(first.findElement(testId("unread")).isDisplayed()).isFalse();

        browser.js("return window.Parley.reset()");
        assertThat(stored("contactToken")).isNull();
        driver().switchTo().window(secondTab);
        browser.waiting(WAIT)
                .withMessage("reset reaches the other tab")
                .until(d -> conversationIdOrNull() == null
                        && second.findElement(testId("prechat-form")).isDisplayed());
    }

    @Test
    void logoutResetsSoTheNextStartIsANewAnonymousContact() {
        SearchContext widget = loadDemo();
        driver().findElement(By.id("demo-login")).click();
        browser.waiting(WAIT)
                .withMessage("the demo login identified alice")
                .until(d -> "demo-alice".equals(stored("identifier")));
        widget.findElement(testId("launcher")).click();
        long before = startInWindow(widget, "Alice", "alice@example.com", "Logged in");
        long verifiedContact = contactOf(before);
        assertThat(parley.count(
                        "select count(*) from contact where id = ? and verified_at is not null", verifiedContact))
                .isEqualTo(1);

        driver().findElement(By.id("demo-logout")).click();
        browser.waiting(WAIT).until(d -> stored("contactToken") == null);
        assertThat(browser.<List<String>>js(
                        "return Object.keys(localStorage).filter((key) => key.startsWith(arguments[0]))", PREFIX))
                .as("the widget's stored keys after reset")
                .isEmpty();
        assertThat(widget.findElement(testId("name")).getDomProperty("value")).isEmpty();

        long after = startInWindow(widget, "Guest", "guest@example.com", "Who am I now?");
        long anonymousContact = contactOf(after);
        assertThat(anonymousContact).isNotEqualTo(verifiedContact);
        assertThat(parley.count("select count(*) from contact where id = ? and identifier is null", anonymousContact))
                .isEqualTo(1);
        // alice is shared with the keyboard test, which expects her without an open conversation
        assertThat(agent.status(before, "RESOLVED").status()).isIn(200, 204);
    }

    @Test
    void everyEventFiresOnceWithItsDocumentedDetail() {
        SearchContext widget = loadDemo();
        browser.waiting(WAIT).until(d -> !events("ready").isEmpty());
        browser.js("window.Parley.open()");
        long conversation = startInWindow(widget, "Eve", "eve@example.com", "Events please");
        browser.js("window.Parley.close()");
        awaitConnected(widget);
        long reply = agent.replied(conversation, "Here is one.");
        browser.waiting(WAIT).until(d -> unreadCount() == 1);
        browser.js("window.Parley.toggle()");
        browser.waiting(WAIT).until(d -> unreadCount() == 0);
        browser.js("return window.Parley.setUser('someone', { identifierHash: '00' })");
        browser.waiting(WAIT).until(d -> !events("error").isEmpty());

        assertThat(events("ready")).containsExactly(readyDetail());
        assertThat(events("opened")).containsExactly(Map.of(), Map.of());
        assertThat(events("closed")).containsExactly(Map.of());
        assertThat(events("conversation-started")).containsExactly(Map.of("conversationId", conversation));
        assertThat(events("message")).hasSize(1).first().satisfies(detail -> {
            assertThat(detail).containsOnlyKeys("conversationId", "messageId", "author", "content");
            assertThat(detail).containsEntry("conversationId", conversation).containsEntry("messageId", reply);
            assertThat(detail).containsEntry("content", "Here is one.");
        });
        assertThat(events("unread")).containsExactly(Map.of("count", 1L), Map.of("count", 0L));
        assertThat(events("error")).hasSize(1).first().satisfies(detail -> {
            assertThat(detail).containsOnlyKeys("code", "message").containsEntry("code", "identity-rejected");
        });
        assertThat(browser.<Long>js("return window.Parley.unreadCount()")).isZero();
    }

    @Test
    void theDemoLoginAndTheWidgetWorkWithTheKeyboardAndPassAxe() {
        SearchContext widget = loadDemo();
        browser.assertNoSeriousAxeViolations("demo page with login");
        tabTo("demo-login", () -> browser.js("return document.activeElement.id"));
        keys(Keys.ENTER);
        browser.waiting(WAIT).until(d -> "demo-alice".equals(stored("identifier")));
        assertThat(driver().findElement(By.id("demo-logout")).isDisplayed()).isTrue();

        tabTo("launcher", this::activeTestId);
        keys(Keys.ENTER);
        browser.waiting(WAIT).until(d -> widget.findElement(testId("window")).isDisplayed());
        assertThat(activeTestId()).isEqualTo("name");
        browser.assertNoSeriousAxeViolations("pre-chat form of a logged-in visitor");
        keys(Keys.ESCAPE);
        browser.waiting(WAIT).until(d -> !widget.findElement(testId("window")).isDisplayed());
        assertThat(activeTestId()).isEqualTo("launcher");
        browser.js("window.Parley.reset()");
    }

    // ----- helpers ---------------------------------------------------------------------------------

    static WebDriver driver() {
        return browser.driver();
    }

    SearchContext loadDemo() {
        driver().get(demo);
        return widget();
    }

    SearchContext widget() {
        return browser.waiting(WAIT)
                .withMessage("the widget mounted on " + driver().getCurrentUrl())
                .until(d -> {
                    SearchContext root =
                            d.findElement(By.cssSelector("parley-widget")).getShadowRoot();
                    root.findElement(testId("launcher"));
                    return root;
                });
    }

    long startInWindow(SearchContext widget, String name, String email, String message) {
        browser.waiting(WAIT).until(d -> widget.findElement(testId("window")).isDisplayed());
        widget.findElement(testId("name")).sendKeys(name);
        widget.findElement(testId("email")).sendKeys(email);
        widget.findElement(testId("message")).sendKeys(message);
        widget.findElement(testId("start")).click();
        browser.waiting(WAIT)
                .withMessage("Parley.state() == open")
                .until(d -> "open".equals(browser.js("return window.Parley.state()")));
        return Objects.requireNonNull(conversationIdOrNull());
    }

    Long conversationIdOrNull() {
        Number id = browser.js("return window.Parley ? window.Parley.conversationId() : null");
        return id == null ? null : id.longValue();
    }

    long contactOf(long conversation) {
        return ((Number) parley.rows("select contact_id from conversation where id = ?", conversation)
                        .get(0)
                        .get(0))
                .longValue();
    }

    long unreadCount() {
        return browser.<Long>js("return window.Parley.unreadCount()");
    }

    String stored(String key) {
        return browser.js("return localStorage.getItem(arguments[0])", PREFIX + key);
    }

    long startRequestsInThisTab() {
        return requestsInThisTab("/chat/api/v1/conversations");
    }

    /**
     * Requests this page sent to a URL ending so, from its Resource Timing: the DevTools request log
     * follows only the tab it was opened in (POST is the widget's only method on session and on the
     * bare conversations URL).
     */
    long requestsInThisTab(String urlSuffix) {
        return browser.<Long>js(
                "return performance.getEntriesByType('resource').filter((e) => e.name.endsWith(arguments[0])).length",
                urlSuffix);
    }

    void awaitConnected(SearchContext widget) {
        browser.waiting(WAIT)
                .withMessage("WebSocket connected")
                .until(d ->
                        "connected".equals(widget.findElement(testId("status")).getDomAttribute("data-state")));
    }

    List<String> eventNames() {
        return browser.js("return window.__parleyEvents.map((e) => e.name)");
    }

    List<Map<String, Object>> events(String name) {
        return browser.js(
                "return window.__parleyEvents.filter((e) => e.name === arguments[0]).map((e) => e.detail)", name);
    }

    Map<String, Object> readyDetail() {
        java.util.HashMap<String, Object> detail = new java.util.HashMap<>();
        detail.put("state", "idle");
        detail.put("conversationId", null);
        return detail;
    }

    String activeTestId() {
        return browser.js(WidgetBrowserIT.DEEP_ACTIVE_TEST_ID);
    }

    void tabTo(String target, java.util.function.Supplier<String> active) {
        for (int tab = 0; tab < 40 && !target.equals(active.get()); tab++) {
            keys(Keys.TAB);
        }
        assertThat(active.get()).as("Tab reaches " + target).isEqualTo(target);
    }

    void keys(CharSequence... keys) {
        new Actions(driver()).sendKeys(keys).perform();
    }
}
