package dev.parley.it.console;

import static dev.parley.it.console.ConsoleSession.WAIT;
import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.TcpRelay;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The agent's workspace ({@code /admin/}) in headless Chromium against the real server: a new chat
 * arrives in the list live, opens without a page load with {@code ?c=} in the address bar (back
 * reopens the previous one, a reload of the address opens it again), the agent answers with Enter and
 * the visitor has the answer, the visitor's messages appear live exactly once - also those written
 * while the console's push socket was down - and the keyboard alone moves, answers and resolves.
 *
 * <p>A dropped socket is made in the page: a wrapper around {@code WebSocket}, installed before the
 * page's own scripts, closes the live socket and "parks" reconnects (they go to a path that refuses
 * the handshake) until the test lets them through, so the visitor's messages are written while the
 * console is surely disconnected. Faces' own reconnect then brings the socket back. A drop from the
 * server's side of the connection (a proxy, a load balancer, the network) is made by a {@link TcpRelay}
 * between the browser and the server.
 */
@ExtendWith(ParleyServer.class)
class WorkspaceBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static final String PARKING = """
            (function () {
              var Native = window.WebSocket;
              window.__parked = false;
              function Parking(url, protocols) {
                if (window.__parked && String(url).indexOf('/jakarta.faces.push/') >= 0) {
                  url = String(url).replace('/jakarta.faces.push/', '/jakarta.faces.push-parked/');
                }
                return protocols === undefined ? new Native(url) : new Native(url, protocols);
              }
              Parking.prototype = Native.prototype;
              ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (k) { Parking[k] = Native[k]; });
              window.WebSocket = Parking;
            })();
            """;

    @RegisterExtension
    static final ConsoleSession console = new ConsoleSession();

    static Browser browser;
    static WebDriver driver;

    @BeforeAll
    static void startBrowser() {
        browser = console.browser();
        driver = console.driver();
        browser.onEveryPage(PARKING);
    }

    @BeforeEach
    void loggedOut(Parley parley) {
        console.logOut(parley);
    }

    @Test
    void aNewChatArrivesLiveOpensInPlaceAndTheAnswerReachesTheVisitor(Parley parley) {
        String tag = tag("arrive");
        console.login(parley);
        assertThat(driver.findElements(testId("workspace")))
                .as("the login lands on the workspace")
                .hasSize(1);
        console.live();
        console.search(tag);
        browser.js("window.__sameDocument = true;");

        WidgetClient widget = parley.widget();
        Visitor ann = widget.newVisitor();
        long first = widget.start(ann, "k", WidgetClient.form("Ann", tag + "-ann@example.com", "Is anyone there?"))
                .id();
        browser.waiting(WAIT)
                .withMessage("the new chat in the list")
                .until(d -> listIds().contains(first));
        Visitor bob = widget.newVisitor();
        long second = widget.start(bob, "k", WidgetClient.form("Bob", tag + "-bob@example.com", "Hello?"))
                .id();
        browser.waiting(WAIT).until(d -> listIds().containsAll(List.of(first, second)));

        console.click(By.cssSelector("[data-testid=list-item][data-id='" + first + "'] a"));
        console.awaitOpen(first);
        assertThat(driver.getCurrentUrl()).endsWith("?c=" + first);
        assertThat(console.text("visitor-pane-name")).isEqualTo("Ann");
        assertThat(console.text("visitor-pane-email")).isEqualTo(tag + "-ann@example.com");

        driver.findElement(By.id("ws:text")).sendKeys("Yes, Ann: how can I help?" + Keys.ENTER);
        browser.waiting(WAIT)
                .withMessage("the reply in the timeline")
                .until(d -> contents().contains("Yes, Ann: how can I help?"));
        assertThat(driver.findElement(By.id("ws:text")).getDomProperty("value")).isEmpty();
        Reply seen = widget.get("conversations/" + first + "/messages", ann.token());
        JsonObject answer = seen.array().getJsonObject(1);
        assertThat(answer.getString("content")).isEqualTo("Yes, Ann: how can I help?");
        assertThat(answer.getString("sender")).isEqualTo("AGENT");

        visitorWrites(widget, ann, first, "m1", "My parcel is late.");
        browser.waiting(WAIT)
                .withMessage("the visitor's message, live")
                .until(d -> contents().contains("My parcel is late."));
        assertThat(console.text("announcer")).contains("My parcel is late.");
        resyncAndWait();
        assertThat(contents()).containsExactly("Is anyone there?", "Yes, Ann: how can I help?", "My parcel is late.");
        assertThat(messageIds()).doesNotHaveDuplicates();
        browser.screenshot(SCREENSHOTS.resolve("workspace.png"));

        console.click(By.cssSelector("[data-testid=list-item][data-id='" + second + "'] a"));
        console.awaitOpen(second);
        assertThat(driver.getCurrentUrl()).endsWith("?c=" + second);
        driver.navigate().back();
        console.awaitOpen(first);
        assertThat(driver.getCurrentUrl()).endsWith("?c=" + first);
        assertThat(contents()).containsExactly("Is anyone there?", "Yes, Ann: how can I help?", "My parcel is late.");
        assertThat((Boolean) browser.js("return window.__sameDocument === true;"))
                .as("opening, answering and going back never loaded the page")
                .isTrue();

        driver.get(parley.uri("admin/?c=" + second).toString());
        console.awaitOpen(second);
        assertThat(console.text("conversation-visitor")).isEqualTo("Bob");
        assertThat(contents()).containsExactly("Hello?");
    }

    @Test
    void aDroppedSocketIsFollowedByAResyncThatShowsEveryMessageOnce(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long id = openInTheWorkspace(parley, widget, visitor, "Dee", tag("drop"));

        browser.js("window.__parked = true; parley.live.socket.close();");
        awaitSocketDown();
        writtenWhileAway(parley, widget, visitor, id);

        browser.js("window.__parked = false;");
        console.live();
        everyMessageOnceAfterTheReconnect(widget, visitor, id);
    }

    /**
     * As above, but the close comes from the other end of the connection, as a proxy's idle timeout, a
     * restarted load balancer or a network cut does it: the console is used through a {@link TcpRelay},
     * which closes every connection from its side and then holds new ones while the messages are
     * written. No script in the page helps: Faces notices the dead socket and reconnects by itself.
     */
    @Test
    void aSocketClosedByTheServerSideIsFollowedByAResyncThatShowsEveryMessageOnce(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        try (TcpRelay relay = TcpRelay.to(parley.base())) {
            long id = openInTheWorkspace(parley.at(relay.base()), widget, visitor, "Cy", tag("cut"));
            assertThat((String) browser.js("return parley.live.socket.url;"))
                    .as("the push socket goes through the relay")
                    .startsWith("ws://127.0.0.1:" + relay.port() + "/");

            relay.pause();
            relay.cutAll();
            awaitSocketDown();
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(relay.held())
                            .as("Faces' own reconnect, held at the relay")
                            .isPositive());
            writtenWhileAway(parley, widget, visitor, id);
            assertThat((String) browser.js("return document.body.getAttribute('data-live');"))
                    .as("still down after the writes")
                    .isEqualTo("closed");

            relay.resume();
            console.live();
            assertThat((String) browser.js("return parley.live.socket.url;")).contains(":" + relay.port() + "/");
            everyMessageOnceAfterTheReconnect(widget, visitor, id);
        }
    }

    /**
     * A new visitor's chat ("First"), open in the live workspace of the admin logged in at
     * {@code consoleAt}'s address; from here on {@code window.__sameDocument} tells whether the page
     * was reloaded.
     */
    private long openInTheWorkspace(Parley consoleAt, WidgetClient widget, Visitor visitor, String name, String tag) {
        long id = widget.start(visitor, "k", WidgetClient.form(name, tag + "@example.com", "First"))
                .id();
        console.login(consoleAt);
        driver.get(consoleAt.uri("admin/?c=" + id).toString());
        console.awaitOpen(id);
        console.live();
        browser.js("window.__sameDocument = true;");
        return id;
    }

    private void awaitSocketDown() {
        browser.waiting(WAIT)
                .withMessage("the push socket is down")
                .until(d -> "closed".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
    }

    /** While the console is disconnected: three visitor messages and a colleague's answer, to the server. */
    private static void writtenWhileAway(Parley parley, WidgetClient widget, Visitor visitor, long id) {
        visitorWrites(widget, visitor, id, "d1", "Written while you were away 1");
        parley.agent().replied(id, "A colleague answers meanwhile");
        visitorWrites(widget, visitor, id, "d2", "Written while you were away 2");
        visitorWrites(widget, visitor, id, "d3", "Written while you were away 3");
    }

    /** The reconnected workspace shows {@link #writtenWhileAway} once, without a page load, and stays live. */
    private void everyMessageOnceAfterTheReconnect(WidgetClient widget, Visitor visitor, long id) {
        browser.waiting(WAIT)
                .withMessage("every message after the reconnect")
                .until(d -> contents().size() == 5);
        resyncAndWait();
        assertThat(contents())
                .containsExactly(
                        "First",
                        "Written while you were away 1",
                        "A colleague answers meanwhile",
                        "Written while you were away 2",
                        "Written while you were away 3");
        assertThat(messageIds()).doesNotHaveDuplicates();
        assertThat((Boolean) browser.js("return window.__sameDocument === true;"))
                .as("the page was not reloaded")
                .isTrue();

        visitorWrites(widget, visitor, id, "d4", "And after it");
        browser.waiting(WAIT).until(d -> contents().size() == 6);
        assertThat(messageIds()).doesNotHaveDuplicates();
    }

    @Test
    void theKeyboardMovesAnswersAndResolves(Parley parley) {
        String tag = tag("keys");
        WidgetClient widget = parley.widget();
        Visitor older = widget.newVisitor();
        long olderId = widget.start(older, "k", WidgetClient.form("Kai", tag + "-kai@example.com", "Question one"))
                .id();
        Visitor newer = widget.newVisitor();
        long newerId = widget.start(newer, "k", WidgetClient.form("Lea", tag + "-lea@example.com", "Question two"))
                .id();
        console.login(parley);
        console.live();
        console.search(tag);
        browser.waiting(WAIT).until(d -> listIds().equals(List.of(newerId, olderId)));
        driver.findElement(By.id("list-heading")).click();

        keys("j");
        console.awaitOpen(newerId);
        chord(Keys.ALT, Keys.ARROW_DOWN);
        console.awaitOpen(olderId);
        assertThat(driver.getCurrentUrl()).endsWith("?c=" + olderId);
        keys("r");
        browser.waiting(WAIT).until(d -> "ws:text".equals(browser.js("return document.activeElement.id;")));
        keys("line one");
        chord(Keys.SHIFT, Keys.ENTER);
        keys("line two");
        keys(Keys.ENTER);
        browser.waiting(WAIT).until(d -> contents().contains("line one\nline two"));
        assertThat(widget.get("conversations/" + olderId + "/messages", older.token())
                        .array()
                        .getJsonObject(1)
                        .getString("content"))
                .isEqualTo("line one\nline two");

        driver.findElement(By.id("list-heading")).click();
        keys("?");
        browser.waiting(WAIT).until(d -> d.findElement(testId("shortcuts")).isDisplayed());
        assertThat(console.text("shortcuts")).contains("next conversation", "resolve");
        browser.assertNoSeriousAxeViolations("workspace with the shortcuts shown", false);
        keys(Keys.ESCAPE);
        browser.waiting(WAIT).until(d -> !d.findElement(testId("shortcuts")).isDisplayed());

        chord(Keys.ALT, "r");
        browser.waiting(WAIT).until(d -> console.text("status").equals("resolved"));
        assertThat(parley.count("select count(*) from conversation where id = ? and status = 'RESOLVED'", olderId))
                .isEqualTo(1);
        assertThat(parley.count(
                        "select count(*) from audit_event where conversation_id = ? and action = 'conversation.status'"
                                + " and actor = ?",
                        olderId,
                        "agent:" + ParleyServer.ADMIN_USER))
                .isEqualTo(1);
    }

    @Test
    void theWorkspaceAndTheFullListHaveNoSeriousAxeViolation(Parley parley) {
        String tag = tag("axe");
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.verifiedVisitor(tag);
        long id = widget.start(visitor, "k", WidgetClient.form("Vic", tag + "@example.com", "Checking contrast"))
                .id();
        parley.agent().replied(id, "Contrast checked.");
        console.login(parley);
        console.live();
        browser.assertNoSeriousAxeViolations("workspace, nothing open", false);

        driver.get(parley.uri("admin/?c=" + id).toString());
        console.awaitOpen(id);
        assertThat(console.text("verified-identifier")).isEqualTo(tag);
        browser.assertNoSeriousAxeViolations("workspace with a verified visitor's conversation open", false);

        driver.get(parley.uri("admin/conversations.xhtml?status=OPEN").toString());
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("conversation-row")).isEmpty());
        browser.assertNoSeriousAxeViolations("the full conversation list", false);
    }

    private static String tag(String purpose) {
        return "workspace-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The visitor writes through the visitor API (its widget's request), with an idempotency key. */
    static void visitorWrites(WidgetClient widget, Visitor visitor, long id, String key, String text) {
        Reply posted = widget.post(
                "conversations/" + id + "/messages",
                visitor.token(),
                Map.of("Idempotency-Key", key),
                "{\"content\":\"" + text + "\"}");
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    }

    /** One more resync, as a late nudge would run it, and its answer applied: it must add nothing twice. */
    private void resyncAndWait() {
        browser.js("window.__resynced = false; faces.ajax.addOnEvent(function (data) {"
                + " if (data.status === 'success' && data.source.id === 'ws:resync') { window.__resynced = true; } });"
                + " parley.workspace.resync();");
        browser.waiting(WAIT).until(d -> Boolean.TRUE.equals(browser.js("return window.__resynced;")));
    }

    private List<String> contents() {
        return browser.js("return Array.from(document.querySelectorAll('#timeline [data-testid=message] .content'))"
                + ".map(function (c) { return c.textContent; });");
    }

    private List<Long> messageIds() {
        List<Object> ids = browser.js("return Array.from(document.querySelectorAll('#timeline [data-testid=message]'))"
                + ".map(function (m) { return Number(m.getAttribute('data-id')); });");
        return ids.stream().map(id -> ((Number) id).longValue()).toList();
    }

    private List<Long> listIds() {
        List<Object> ids = browser.js("return Array.from(document.querySelectorAll('[data-testid=list-item]'))"
                + ".map(function (m) { return Number(m.getAttribute('data-id')); });");
        return ids.stream().map(id -> ((Number) id).longValue()).toList();
    }

    /** Types into whatever has the focus, as a person would (each key pressed and released). */
    private void keys(CharSequence keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** A key with a modifier held down: Actions.sendKeys would release the modifier before the key. */
    private void chord(Keys modifier, CharSequence key) {
        new Actions(driver).keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
    }
}
