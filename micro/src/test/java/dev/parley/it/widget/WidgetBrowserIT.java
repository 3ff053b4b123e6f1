package dev.parley.it.widget;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The widget as a visitor meets it: the demo page in headless Chromium against the real server.
 * One browser for the class; every test starts as a new visitor (empty storage).
 */
@ExtendWith(ParleyServer.class)
class WidgetBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final Duration LATENCY = Duration.ofSeconds(2);
    /**
     * Keeps the widget's next socket from opening while the agent writes. (Chromium 156 applies
     * emulated latency to WebSocket handshakes; Network.setBlockedURLs does not block them.)
     */
    static final Duration HANDSHAKE_LATENCY = Duration.ofSeconds(3);

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /**
     * Installed before the page's own scripts: records the widget's events and keeps a handle on the
     * WebSockets the page opens (to make the server drop one, and to see close codes) and notes when
     * the widget has processed each API answer. It changes nothing the widget sees.
     */
    static final String PROBE = """
            (() => {
              if (window.__parleyProbe) return;
              window.__parleyProbe = true;
              const NativeWebSocket = window.WebSocket;
              const sockets = window.__parleySockets = [];
              const closes = window.__parleyCloses = [];
              window.WebSocket = class extends NativeWebSocket {
                constructor(...args) {
                  super(...args);
                  sockets.push(this);
                  this.addEventListener('close', (event) => closes.push(event.code));
                }
              };
              const messages = window.__parleyMessages = [];
              const connection = window.__parleyConnection = [];
              window.addEventListener('parley:message', (event) => messages.push({ id: event.detail.messageId }));
              window.addEventListener('parley:connection', (event) => connection.push(event.detail.status));
              // Each API answer, logged once the widget has read its body and run what follows synchronously.
              const nativeFetch = window.fetch.bind(window);
              const responses = window.__parleyResponses = [];
              window.fetch = async (...args) => {
                const response = await nativeFetch(...args);
                const text = response.text.bind(response);
                response.text = () => text().then((body) => {
                  setTimeout(() => responses.push({ url: response.url, status: response.status }), 0);
                  return body;
                });
                return response;
              };
            })();
            """;

    static final String DEEP_ACTIVE_TEST_ID = """
            let active = document.activeElement;
            while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
            return active ? (active.getAttribute('data-testid') || active.tagName) : null;
            """;

    static Browser browser;
    static Parley parley;
    static AgentClient agent;
    static String demo;

    @BeforeAll
    static void startBrowser(Parley server) {
        browser = Browser.start();
        browser.onEveryPage(PROBE);
        parley = server;
        agent = server.agent();
        demo = server.uri("chat/demo").toString();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void newVisitor() {
        // A same-origin page without the widget: on the demo page the widget could store its token
        // again right after the storage was cleared.
        browser.reset(parley.uri("chat/sdk.js").toString());
    }

    /**
     * The scenario: on a slow network the visitor triple-clicks Start and presses Enter.
     * One request, one conversation, a locked button until the chat shows, the latency hint, and
     * a reload that comes back to the same conversation.
     */
    @Test
    void aSlowStartWithTripleClickAndEnterSendsOneRequestAndMakesOneConversation() {
        SearchContext widget = loadDemo("");
        openWindow(widget);
        fill(widget, "Nora", "nora@example.com", "My monstera has yellow leaves");
        recordStartButton();
        browser.clearSent();
        browser.latency(LATENCY);

        WebElement start = widget.findElement(testId("start"));
        new Actions(driver()).click(start).click().click().perform();
        widget.findElement(testId("message")).sendKeys(Keys.ENTER);

        // Sampled while the request is in flight (the emulated latency keeps it there for >= 2 s).
        assertThat(start.isEnabled()).as("start button right after the clicks").isFalse();
        assertThat(start.getDomAttribute("aria-busy")).isEqualTo("true");
        assertThat(start.getText()).isEqualTo("Starting…");
        assertThat(state()).isIn("submitting", "opening");
        assertThat(widget.findElement(testId("name")).getDomProperty("readOnly"))
                .isEqualTo("true");

        awaitState("open");
        long conversation = conversationId();
        List<Map<String, Object>> log = browser.js("return window.__startLog");
        int firstBusy = indexOfFirst(log, snapshot -> Boolean.TRUE.equals(snapshot.get("disabled")));
        assertThat(firstBusy).as("start button log %s", log).isPositive();
        assertThat(log.subList(firstBusy, log.size()))
                .as("start button from the first click on: %s", log)
                .allSatisfy(snapshot -> {
                    if (Boolean.TRUE.equals(snapshot.get("disabled"))) {
                        assertThat(snapshot.get("busy")).isEqualTo("true");
                    } else {
                        assertThat(snapshot.get("chat"))
                                .as("chat view shown when the button is released")
                                .isEqualTo(true);
                        assertThat((Long) snapshot.get("rows"))
                                .as("first message shown")
                                .isPositive();
                    }
                });
        assertThat(log)
                .extracting(snapshot -> snapshot.get("hint"))
                .as("latency hint")
                .contains("Still connecting — your message is safe");
        assertThat(log.get(log.size() - 1)).containsEntry("state", "open").containsEntry("disabled", false);

        assertThat(browser.sent())
                .filteredOn(request -> request.url().endsWith("/chat/api/v1/conversations"))
                .as("POST conversations requests the browser sent (all requests: %s)", browser.sent())
                .hasSize(1)
                .allSatisfy(request -> assertThat(request.method()).isEqualTo("POST"));
        assertThat(parley.count(
                        "select count(*) from conversation where contact_id ="
                                + " (select contact_id from conversation where id = ?)",
                        conversation))
                .isEqualTo(1);
        assertThat(parley.count(
                        "select count(*) from idempotency_record where contact_id ="
                                + " (select contact_id from conversation where id = ?)",
                        conversation))
                .isEqualTo(1);
        assertThat(parley.count("select count(*) from message where conversation_id = ?", conversation))
                .isEqualTo(1);
        assertThat(bubbles(widget)).extracting(WebElement::getText).containsExactly("My monstera has yellow leaves");

        browser.noLatency();
        driver().navigate().refresh();
        awaitState("open");
        assertThat(conversationId()).as("conversation after reload").isEqualTo(conversation);
        SearchContext reloaded = widget();
        openWindow(reloaded);
        assertThat(reloaded.findElement(testId("prechat-form")).isDisplayed())
                .as("pre-chat form after reload")
                .isFalse();
        assertThat(bubbles(reloaded)).extracting(WebElement::getText).containsExactly("My monstera has yellow leaves");
        assertThat(activeTestId()).isEqualTo("composer");
        assertThat(browser.sentCount("POST", "/chat/api/v1/conversations"))
                .as("starts after the reload")
                .isEqualTo(1);
    }

    @Test
    void anAgentReplyAppearsInTheOpenWidgetWithoutReload() {
        SearchContext widget = loadDemo("");
        long conversation = startByClicking(widget, "Omar", "omar@example.com", "Do you ship to Norway?");
        awaitConnected(widget);
        browser.js("window.__sameDocument = 'yes'");

        long reply = agent.replied(conversation, "Hi Omar, yes — 3 to 5 days.");
        WebElement bubble = awaitBubble(widget, reply);
        String html = "<b>bold</b> <img src=x onerror=\"window.__xss='agent'\">";
        long htmlReply = agent.replied(conversation, html);
        WebElement htmlBubble = awaitBubble(widget, htmlReply);

        assertThat(bubble.getText()).isEqualTo("Hi Omar, yes — 3 to 5 days.");
        assertThat(bubble.getDomAttribute("data-sender")).isEqualTo("AGENT");
        assertThat(htmlBubble.getDomProperty("textContent")).isEqualTo(html);
        assertThat(browser.<String>js("return window.__sameDocument"))
                .as("no reload happened")
                .isEqualTo("yes");
        assertThat(bubbleIds(widget)).containsExactly(firstMessageId(widget), reply, htmlReply);
        assertThat(messageEventIds()).containsOnlyOnce(reply, htmlReply);
        assertThat(widget.findElement(testId("announcer")).getDomProperty("textContent"))
                .contains("Agent: Hi Omar, yes — 3 to 5 days.");
        assertThat(browser.<Object>js("return window.__xss")).isNull();
    }

    /**
     * The server drops the widget's socket (a malformed frame makes it close with 1003). While the
     * widget's next socket is still opening (emulated latency holds the handshake for 3 s), the
     * agent answers twice and the visitor sends a message. Once the socket is back, each of those
     * shows up once, in order.
     */
    @Test
    void aDroppedSocketReconnectsAndShowsWhatWasSentMeanwhileExactlyOnce() {
        SearchContext widget = loadDemo("");
        long conversation = startByClicking(widget, "Pia", "pia@example.com", "Can I return a cactus?");
        awaitConnected(widget);
        long socketsBefore = browser.<Long>js("return window.__parleySockets.length");

        browser.latency(HANDSHAKE_LATENCY);
        browser.js("const sockets = window.__parleySockets; sockets[sockets.length - 1].send('this is not JSON');");
        browser.waiting(WAIT)
                .withMessage("the server closing the socket with 1003")
                .until(d ->
                        browser.<List<Long>>js("return window.__parleyCloses").contains(1003L));
        long first = agent.replied(conversation, "Yes, within 30 days.");
        long second = agent.replied(conversation, "Just keep the receipt.");
        WebElement composer = widget.findElement(testId("composer"));
        composer.sendKeys("Great, thanks!", Keys.ENTER);
        assertThat(browser.<Long>js("return window.__parleySockets.filter(s => s.readyState === 1).length"))
                .as("open sockets right after the agent wrote")
                .isZero();
        assertThat(status(widget)).isNotEqualTo("connected");
        assertThat(bubbleIds(widget)).doesNotContain(first, second);

        browser.waiting(WAIT)
                .withMessage("the widget reconnecting on its own")
                .until(d -> "connected".equals(status(widget)));
        browser.noLatency();
        awaitBubble(widget, first);
        awaitBubble(widget, second);
        WebElement own = browser.waiting(WAIT)
                .withMessage("the visitor's message confirmed")
                .until(d ->
                        widget
                                .findElements(By.cssSelector("[data-testid='msg'][data-sender='CONTACT'][data-id]"))
                                .stream()
                                .filter(b -> b.getText().equals("Great, thanks!"))
                                .findFirst()
                                .orElse(null));
        long ownId = Long.parseLong(own.getDomAttribute("data-id"));

        assertThat(browser.<Long>js("return window.__parleySockets.length")).isGreaterThan(socketsBefore);
        List<Long> ids = bubbleIds(widget);
        assertThat(ids)
                .containsOnlyOnce(first, second, ownId)
                .isSorted()
                .doesNotHaveDuplicates()
                .hasSize(4);
        assertThat(bubbles(widget)).as("no pending copies left").hasSize(4);
        assertThat(messageEventIds())
                .as("parley:message: agent messages only, each once")
                .containsExactly(first, second);
        assertThat(bubbles(widget))
                .extracting(WebElement::getText)
                .containsExactly(
                        "Can I return a cactus?", "Yes, within 30 days.", "Just keep the receipt.", "Great, thanks!");
        assertThat(browser.<List<String>>js("return window.__parleyConnection")).contains("reconnecting");
    }

    /**
     * After a reconnect the gap sync is slow (the browser holds its request back); meanwhile an
     * agent reply arrives live on the new socket. The sync's answer then carries the same message
     * again, and the widget must still show it once.
     */
    @Test
    void aReplyArrivingLiveWhileTheGapSyncIsInFlightIsShownOnce() {
        SearchContext widget = loadDemo("");
        long conversation = startByClicking(widget, "Lea", "lea@example.com", "Is my fern getting enough light?");
        long firstMessage = firstMessageId(widget);
        awaitConnected(widget);
        browser.hold("*/messages?after=*");

        browser.js("window.Parley.reconnect()");
        Browser.HeldRequest sync = browser.nextHeld(WAIT);
        assertThat(sync.url())
                .as("the gap sync after ready")
                .endsWith("/conversations/" + conversation + "/messages?after=" + firstMessage);
        assertThat(status(widget)).isEqualTo("connected");
        long reply = agent.replied(conversation, "Bright, indirect light is best.");
        awaitBubble(widget, reply);
        long answersBefore = syncAnswers();
        browser.release(sync);
        Browser.HeldRequest nextPage = browser.nextHeld(WAIT);
        assertThat(nextPage.url())
                .as("the page after the one that contained the reply")
                .endsWith("?after=" + reply);
        browser.release(nextPage);
        browser.stopHolding();
        browser.waiting(WAIT).withMessage("both sync pages processed").until(d -> syncAnswers() >= answersBefore + 2);

        assertThat(bubbleIds(widget)).containsExactly(firstMessage, reply);
        assertThat(bubbles(widget)).hasSize(2);
        assertThat(messageEventIds()).containsOnlyOnce(reply).doesNotHaveDuplicates();
    }

    @Test
    void htmlInNameAndMessagesIsShownAsText() {
        String name = "<img src=x onerror=\"window.__xss='name'\">";
        String message = "<script>window.__xss='message'</script>";
        String followUp = "<img src=x onerror=\"window.__xss='composer'\"><svg onload=\"window.__xss='svg'\">";
        // The widget's own escaping is under test, not the demo page's CSP (which would block the
        // injected handlers and the positive control alike): this page load ignores the policy.
        browser.driver().executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
        SearchContext widget;
        try {
            widget = loadDemo("");
        } finally {
            browser.driver().executeCdpCommand("Page.setBypassCSP", Map.of("enabled", false));
        }
        long conversation = startByClicking(widget, name, "xss@example.com", message);
        WebElement composer = widget.findElement(testId("composer"));
        composer.sendKeys(followUp, Keys.ENTER);
        browser.waiting(WAIT).until(d -> bubbleIds(widget).size() == 2);

        // Positive control: an image with the same broken src added as HTML does run its onerror.
        // Once it has, an injected one from the widget would have too.
        browser.js(
                "document.body.insertAdjacentHTML('beforeend', '<img id=control src=x onerror=\"window.__control=1\">')");
        browser.waiting(WAIT).until(d -> browser.js("return window.__control") != null);

        assertThat(bubbles(widget))
                .extracting(b -> b.getDomProperty("textContent"))
                .containsExactly(message, followUp);
        assertThat(browser.<Object>js("return window.__xss")).as("window.__xss").isNull();
        assertThat(
                        browser.<Long>js(
                                "return document.querySelector('parley-widget').shadowRoot"
                                        + ".querySelectorAll('[data-testid=messages] img, [data-testid=messages] script, [data-testid=messages] svg').length"))
                .isZero();
        assertThat(parley.count(
                        "select count(*) from contact c join conversation v on v.contact_id = c.id"
                                + " where v.id = ? and c.name = ?",
                        conversation,
                        name))
                .as("name stored as typed")
                .isEqualTo(1);
    }

    /**
     * Axe (WCAG 2.x A/AA rules) on the page with the widget closed, with the pre-chat form and with
     * an open chat; the whole start flow done with the keyboard only; a screenshot of the open chat.
     */
    @Test
    void theWidgetIsAccessibleAndTheStartFlowWorksWithTheKeyboardAlone() {
        SearchContext widget = loadDemo("");
        assertNoSeriousViolations("launcher");

        for (int tab = 0; tab < 30 && !"launcher".equals(activeTestId()); tab++) {
            keys(Keys.TAB);
        }
        assertThat(activeTestId()).as("Tab reaches the launcher").isEqualTo("launcher");
        keys(Keys.ENTER);
        browser.waiting(WAIT).until(d -> widget.findElement(testId("window")).isDisplayed());
        assertThat(activeTestId()).as("focus after opening").isEqualTo("name");
        assertThat(widget.findElement(testId("launcher")).getDomAttribute("aria-expanded"))
                .isEqualTo("true");
        assertNoSeriousViolations("pre-chat form");

        keys("Kai");
        keys(Keys.TAB);
        assertThat(activeTestId()).isEqualTo("email");
        keys("kai@example.com");
        keys(Keys.TAB);
        assertThat(activeTestId()).isEqualTo("message");
        keys("Which plants are safe for cats?");
        keys(Keys.ENTER);
        awaitState("open");
        browser.waiting(WAIT).until(d -> "composer".equals(activeTestId()));
        keys("And for dogs?");
        keys(Keys.ENTER);
        browser.waiting(WAIT).until(d -> bubbleIds(widget).size() == 2);
        awaitConnected(widget);
        long reply = agent.replied(conversationId(), "Both: try a calathea or a parlor palm.");
        awaitBubble(widget, reply);
        assertThat(bubbles(widget))
                .extracting(WebElement::getText)
                .containsExactly(
                        "Which plants are safe for cats?", "And for dogs?", "Both: try a calathea or a parlor palm.");
        assertThat(activeTestId()).as("focus stays in the composer").isEqualTo("composer");
        assertNoSeriousViolations("open chat");

        browser.screenshot(SCREENSHOTS.resolve("widget-open-chat.png"));

        keys(Keys.ESCAPE);
        browser.waiting(WAIT).until(d -> !widget.findElement(testId("window")).isDisplayed());
        assertThat(activeTestId()).as("focus after Escape").isEqualTo("launcher");
    }

    @Test
    void theChineseLocaleShowsChineseTexts() {
        SearchContext widget = loadDemo("?locale=zh-CN");
        assertThat(browser.<String>js(
                        "return document.querySelector('script[data-website-token]').getAttribute('data-locale')"))
                .isEqualTo("zh-CN");
        WebElement launcher = widget.findElement(testId("launcher"));
        assertThat(launcher.getDomAttribute("aria-label")).isEqualTo("与我们聊天");
        assertThat(browser.<String>js("return document.querySelector('parley-widget').getAttribute('lang')"))
                .isEqualTo("zh-CN");

        openWindow(widget);

        assertThat(widget.findElement(By.cssSelector("#pw-title")).getText()).isEqualTo("与我们聊天");
        assertThat(widget.findElement(By.cssSelector("label[for='pw-name']")).getText())
                .startsWith("您的姓名");
        assertThat(widget.findElement(testId("start")).getText()).isEqualTo("开始聊天");
        assertThat(widget.findElement(testId("close")).getDomAttribute("aria-label"))
                .isEqualTo("关闭聊天");
        widget.findElement(testId("start")).click();
        assertThat(widget.findElement(testId("name-error")).getText()).isEqualTo("请输入您的姓名。");
    }

    // ----- helpers ---------------------------------------------------------------------------------

    static WebDriver driver() {
        return browser.driver();
    }

    SearchContext loadDemo(String query) {
        driver().get(demo + query);
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

    void openWindow(SearchContext widget) {
        widget.findElement(testId("launcher")).click();
        browser.waiting(WAIT).until(d -> widget.findElement(testId("window")).isDisplayed());
    }

    void fill(SearchContext widget, String name, String email, String message) {
        widget.findElement(testId("name")).sendKeys(name);
        widget.findElement(testId("email")).sendKeys(email);
        widget.findElement(testId("message")).sendKeys(message);
    }

    long startByClicking(SearchContext widget, String name, String email, String message) {
        openWindow(widget);
        fill(widget, name, email, message);
        widget.findElement(testId("start")).click();
        awaitState("open");
        browser.waiting(WAIT).until(d -> !bubbleIds(widget).isEmpty());
        return conversationId();
    }

    /** Logs every change of the start button, the hint and the chat view from inside the page. */
    void recordStartButton() {
        browser.js("""
                const root = document.querySelector('parley-widget').shadowRoot;
                const find = (id) => root.querySelector(`[data-testid="${id}"]`);
                const start = find('start'), hint = find('hint'), messages = find('messages');
                const log = window.__startLog = [];
                const snapshot = () => log.push({
                  disabled: start.disabled,
                  busy: start.getAttribute('aria-busy'),
                  state: window.Parley.state(),
                  hint: hint.getClientRects().length > 0 ? hint.textContent : null,
                  chat: messages.getClientRects().length > 0,
                  rows: root.querySelectorAll('[data-testid="msg"][data-id]').length,
                });
                snapshot();
                new MutationObserver(snapshot).observe(root, {
                  subtree: true, childList: true, characterData: true, attributes: true,
                  attributeFilter: ['disabled', 'aria-busy', 'hidden'],
                });
                """);
    }

    String state() {
        return browser.js("return window.Parley ? window.Parley.state() : null");
    }

    void awaitState(String expected) {
        browser.waiting(WAIT).withMessage("Parley.state() == " + expected).until(d -> expected.equals(state()));
    }

    long conversationId() {
        return ((Number) Objects.requireNonNull(browser.js("return window.Parley.conversationId()"))).longValue();
    }

    String status(SearchContext widget) {
        return widget.findElement(testId("status")).getDomAttribute("data-state");
    }

    void awaitConnected(SearchContext widget) {
        browser.waiting(WAIT).withMessage("WebSocket connected").until(d -> "connected".equals(status(widget)));
    }

    List<WebElement> bubbles(SearchContext widget) {
        return widget.findElements(testId("msg"));
    }

    List<Long> bubbleIds(SearchContext widget) {
        return bubbles(widget).stream()
                .map(b -> b.getDomAttribute("data-id"))
                .filter(Objects::nonNull)
                .map(Long::parseLong)
                .toList();
    }

    long firstMessageId(SearchContext widget) {
        return bubbleIds(widget).get(0);
    }

    WebElement awaitBubble(SearchContext widget, long id) {
        return browser.waiting(WAIT)
                .withMessage("message " + id + " in the widget")
                .until(d -> widget.findElement(By.cssSelector("[data-testid='msg'][data-id='" + id + "']")));
    }

    List<Long> messageEventIds() {
        List<Number> ids = browser.js("return window.__parleyMessages.map(m => m.id)");
        return ids.stream().map(Number::longValue).toList();
    }

    /** How many {@code messages?after=} answers the widget has processed. */
    long syncAnswers() {
        return browser.<Long>js(
                "return window.__parleyResponses.filter(r => r.url.includes('/messages?after=')).length");
    }

    String activeTestId() {
        return browser.js(DEEP_ACTIVE_TEST_ID);
    }

    void keys(CharSequence... keys) {
        new Actions(driver()).sendKeys(keys).perform();
    }

    static <T> int indexOfFirst(List<T> list, java.util.function.Predicate<T> condition) {
        for (int i = 0; i < list.size(); i++) {
            if (condition.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Axe on the whole page, widget shadow DOM included (see {@link Browser#assertNoSeriousAxeViolations}). */
    void assertNoSeriousViolations(String situation) {
        browser.assertNoSeriousAxeViolations(situation);
    }
}
