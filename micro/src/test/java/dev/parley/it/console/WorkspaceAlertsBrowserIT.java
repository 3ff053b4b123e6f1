package dev.parley.it.console;

import static dev.parley.it.console.ConsoleSession.WAIT;
import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.agent.Workforce;
import dev.parley.it.agent.Workforce.Member;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * Two agents in two browsers and their visitors, for what the workspace adds on top of the live list:
 * unread counts, the tab title and a browser notification for the right agent (the conversation's
 * assignee, not a colleague), seen when opened; an "assign to me" race between the two; the
 * canned-response picker by keyboard; the visitor's current page in the right pane; axe on it all.
 *
 * <p>Notifications: the permission is granted through the DevTools protocol, and a wrapper around
 * {@code window.Notification}, installed before the page's scripts, records every notification shown.
 */
@ExtendWith(ParleyServer.class)
class WorkspaceAlertsBrowserIT {

    static final String NOTIFICATIONS = """
            (function () {
              var Native = window.Notification;
              window.__notes = [];
              if (!Native) { return; }
              function Recorded(title, options) {
                window.__notes.push(title + '|' + (options && options.body));
                try { return new Native(title, options); } catch (headless) { return {}; }
              }
              Object.defineProperty(Recorded, 'permission', { get: function () { return Native.permission; } });
              Recorded.requestPermission = function () { return Native.requestPermission.apply(Native, arguments); };
              window.Notification = Recorded;
            })();
            """;

    private static final Pattern TITLE_COUNT = Pattern.compile("^\\((\\d+)\\) ");

    @RegisterExtension
    static final ConsoleSession ana = new ConsoleSession();

    @RegisterExtension
    static final ConsoleSession ben = new ConsoleSession();

    @BeforeAll
    static void recordNotifications() {
        ana.browser().onEveryPage(NOTIFICATIONS);
        ben.browser().onEveryPage(NOTIFICATIONS);
    }

    @BeforeEach
    void loggedOut(Parley parley) {
        ana.logOut(parley);
        ben.logOut(parley);
    }

    @Test
    void aVisitorMessageAlertsItsAgentWithACountATitleAndANotificationUntilSeen(Parley parley) {
        String tag = tag("alert");
        Member anaAgent = Workforce.hire(parley, "AGENT", "ana");
        Member benAgent = Workforce.hire(parley, "AGENT", "ben");
        grantNotifications(parley, ana);
        signIn(parley, ana, anaAgent, tag);
        signIn(parley, ben, benAgent, tag);

        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long id = widget.start(visitor, "k", WidgetClient.form("Nora", tag + "@example.com", "Hello there"))
                .id();
        ana.browser().waiting(WAIT).withMessage("the new chat, unread").until(d -> "1".equals(unread(ana, id)));
        ana.browser()
                .waiting(WAIT)
                .withMessage("a notification of the new conversation")
                .until(d -> notes(ana).stream().anyMatch(n -> n.startsWith("New conversation|Nora")));
        assertThat(Workforce.take(anaAgent.api(), id).status()).isEqualTo(200);
        ana.browser().waiting(WAIT).until(d -> ana.text("assignee").equals("you"));
        ben.browser().waiting(WAIT).until(d -> ben.text("assignee").equals("Agent ana"));
        long before = titleCount(ana);

        WorkspaceBrowserIT.visitorWrites(widget, visitor, id, "m2", "Where is my order?");
        ana.browser().waiting(WAIT).withMessage("the unread count grows").until(d -> "2".equals(unread(ana, id)));
        ana.browser()
                .waiting(WAIT)
                .withMessage("the tab title counts the message")
                .until(d -> titleCount(ana) == before + 1);
        ana.browser()
                .waiting(WAIT)
                .withMessage("a notification of the message")
                .until(d -> notes(ana).stream().anyMatch(n -> n.startsWith("New message|Nora")));
        assertThat((String) ana.browser().js("return document.querySelector('link[rel~=icon]').href;"))
                .startsWith("data:image/png");
        assertThat((String) ana.browser().js("return document.body.getAttribute('data-last-alert');"))
                .isEqualTo("message:" + id);
        ben.browser().waiting(WAIT).until(d -> "2".equals(unread(ben, id)));
        assertThat((String) ben.browser().js("return document.body.getAttribute('data-last-alert');"))
                .as("a colleague's conversation does not alert")
                .isNotEqualTo("message:" + id);

        ana.open(id);
        ana.browser().waiting(WAIT).withMessage("seen: no unread left").until(d -> "0".equals(unread(ana, id)));
        ana.browser().waiting(WAIT).until(d -> titleCount(ana) == before - 1);
        assertThat(Workforce.unread(anaAgent.api(), id)).isZero();
        assertThat(Workforce.unread(benAgent.api(), id)).isEqualTo(2);

        ana.click(testId("tab-mine"));
        ana.browser().waiting(WAIT).until(d -> "true".equals(ana.attribute("tab-mine", "aria-pressed")));
        assertThat(unread(ana, id)).as("Mine lists Ana's conversation").isEqualTo("0");
        ben.click(testId("tab-mine"));
        ben.browser().waiting(WAIT).until(d -> "true".equals(ben.attribute("tab-mine", "aria-pressed")));
        ben.browser().waiting(WAIT).withMessage("not Ben's").until(d -> unread(ben, id) == null);
        ben.click(testId("tab-unassigned"));
        ben.browser().waiting(WAIT).until(d -> "true".equals(ben.attribute("tab-unassigned", "aria-pressed")));
        assertThat(unread(ben, id)).as("assigned, so not in Unassigned").isNull();
        ben.click(testId("tab-all"));
        ben.browser().waiting(WAIT).withMessage("All lists it").until(d -> "2".equals(unread(ben, id)));
    }

    @Test
    void onlyOneTabOfAnAgentSoundsAndNotifies(Parley parley) {
        String tag = tag("tabs");
        Member anaAgent = Workforce.hire(parley, "AGENT", "ana");
        grantNotifications(parley, ana);
        signIn(parley, ana, anaAgent, tag);
        WebDriver driver = ana.driver();
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String second = driver.getWindowHandle();
        // the recorder is installed per tab (a DevTools script of the tab's target): either tab may win the alert
        ana.browser().onEveryPage(NOTIFICATIONS);
        driver.get(parley.uri("admin/").toString());
        ana.live();
        ana.search(tag);
        try {
            long id = parley.widget()
                    .start(
                            parley.widget().newVisitor(),
                            "k",
                            WidgetClient.form("Tess", tag + "@example.com", "Two tabs?"))
                    .id();
            for (String tab : List.of(first, second)) {
                driver.switchTo().window(tab);
                ana.browser().waiting(WAIT).until(d -> "1".equals(unread(ana, id)));
            }
            await("one beep and one notification")
                    .atMost(WAIT)
                    .until(() -> alertsIn(ana, first, second), "1:1"::equals);
            await("and no more")
                    .during(Duration.ofSeconds(2))
                    .atMost(WAIT)
                    .until(() -> alertsIn(ana, first, second), "1:1"::equals);
        } finally {
            driver.switchTo().window(second);
            driver.close();
            driver.switchTo().window(first);
        }
    }

    @Test
    void twoAgentsAssigningToThemselvesTogetherEndWithOneAssigneeAndAClearMessage(Parley parley) {
        String tag = tag("race");
        Member anaAgent = Workforce.hire(parley, "AGENT", "ana");
        Member benAgent = Workforce.hire(parley, "AGENT", "ben");
        signIn(parley, ana, anaAgent, tag);
        signIn(parley, ben, benAgent, tag);
        long id = parley.widget()
                .start(
                        parley.widget().newVisitor(),
                        "k",
                        WidgetClient.form("Rita", tag + "@example.com", "Who takes me?"))
                .id();
        List<ConsoleSession> both = List.of(ana, ben);
        both.forEach(agent -> {
            agent.browser().waiting(WAIT).until(d -> unread(agent, id) != null);
            agent.open(id);
            agent.browser()
                    .waiting(WAIT)
                    .until(d -> !d.findElements(testId("take")).isEmpty());
        });

        Race.run(2, i -> {
            both.get(i).driver().findElement(testId("take")).click();
            return true;
        });

        for (ConsoleSession agent : both) {
            agent.browser()
                    .waiting(WAIT)
                    .until(d -> agent.text("messages").contains("Assigned to you.")
                            || agent.text("messages").contains("took this conversation a moment ago."));
        }
        Long assignee = Workforce.assigneeOf(parley, id);
        assertThat(assignee).isIn(anaAgent.id(), benAgent.id());
        ConsoleSession winner = assignee == anaAgent.id() ? ana : ben;
        ConsoleSession loser = winner == ana ? ben : ana;
        assertThat(winner.text("messages")).contains("Assigned to you.");
        assertThat(loser.text("messages"))
                .contains((winner == ana ? "Agent ana" : "Agent ben") + " took this conversation a moment ago.");
        loser.browser().waiting(WAIT).until(d -> loser.text("open-assignee").startsWith("assigned to Agent"));
        assertThat(parley.rows(
                        "select outcome from audit_event where conversation_id = ? and action = 'conversation.take'",
                        id))
                .as("one take assigned, the other was refused, both audited")
                .containsExactlyInAnyOrder(List.of("assigned"), List.of("refused"));

        // the loser sees its colleague online in "Assign to…"; the winner hands the conversation over there
        String winnerId = String.valueOf(assignee);
        String loserId = String.valueOf(winner == ana ? benAgent.id() : anaAgent.id());
        assertThat((String) loser.browser()
                        .js("return document.querySelector(\"#assign-to option[value='" + winnerId
                                + "']\").getAttribute('data-presence');"))
                .isEqualTo("ONLINE");
        winner.browser()
                .waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    new Select(d.findElement(testId("assign-to"))).selectByValue(loserId);
                    return true;
                });
        winner.browser()
                .waiting(WAIT)
                .until(d -> String.valueOf(Workforce.assigneeOf(parley, id)).equals(loserId));
        loser.browser().waiting(WAIT).until(d -> "you".equals(loser.text("assignee")));
    }

    @Test
    void theCannedPickerWorksByKeyboardAndTheRightPaneFollowsTheVisitor(Parley parley) {
        String tag = tag("pick");
        Member anaAgent = Workforce.hire(parley, "AGENT", "ana");
        String code = "p" + UUID.randomUUID().toString().substring(0, 6);
        canned(parley, code + "a", "Greeting", "Hello {{visitor.name}}, how can I help?");
        canned(parley, code + "b", "Goodbye", "Thanks {{visitor.name}}, have a nice day!");
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long id = widget.start(visitor, "k", WidgetClient.form("Paula", tag + "@example.com", "Hi"))
                .id();
        context(widget, visitor, "https://shop.example/cart", "Your cart", "de-DE", "Europe/Berlin");
        signIn(parley, ana, anaAgent, tag);
        ana.open(id);

        WebElement box = ana.driver().findElement(By.id("ws:text"));
        box.click();
        new Actions(ana.driver()).sendKeys("/" + code).perform();
        ana.browser()
                .waiting(WAIT)
                .withMessage("the picker with both responses")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(testId("canned-picker")).isDisplayed()
                        && d.findElements(testId("canned-option")).size() == 2);
        assertThat(box.getDomAttribute("aria-activedescendant")).isEqualTo("canned-0");
        new Actions(ana.driver()).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(box.getDomAttribute("aria-activedescendant")).isEqualTo("canned-1");
        new Actions(ana.driver()).sendKeys(Keys.ENTER).perform();
        assertThat(box.getDomProperty("value")).isEqualTo("Thanks Paula, have a nice day!");
        assertThat(ana.driver().findElement(testId("canned-picker")).isDisplayed())
                .isFalse();
        assertThat(parley.count("select count(*) from message where conversation_id = ?", id))
                .as("inserting does not send")
                .isEqualTo(1);
        new Actions(ana.driver()).sendKeys(" /" + code).perform();
        ana.browser()
                .waiting(WAIT)
                .until(d -> d.findElement(testId("canned-picker")).isDisplayed());
        new Actions(ana.driver()).sendKeys(Keys.ESCAPE).perform();
        ana.browser()
                .waiting(WAIT)
                .until(d -> !d.findElement(testId("canned-picker")).isDisplayed());
        assertThat(box.getDomProperty("value")).isEqualTo("Thanks Paula, have a nice day! /" + code);

        assertThat(ana.text("visitor-page")).isEqualTo("Your cart");
        assertThat(ana.text("visitor-language")).isEqualTo("de-DE");
        assertThat(ana.text("visitor-time")).contains("Europe/Berlin");
        context(widget, visitor, "https://shop.example/checkout", "Checkout", "de-DE", "Europe/Berlin");
        ana.browser()
                .waiting(WAIT)
                .withMessage("the visitor's new page, live")
                .until(d -> ana.text("visitor-page").equals("Checkout"));
        WebElement page = ana.driver().findElement(testId("visitor-page"));
        assertThat(page.getDomAttribute("href")).isEqualTo("https://shop.example/checkout");
        assertThat(page.getDomAttribute("rel")).isEqualTo("noopener noreferrer");

        ana.browser().assertNoSeriousAxeViolations("workspace with list, conversation and visitor context", false);
        ana.driver().get(parley.uri("admin/canned.xhtml").toString());
        ana.browser()
                .waiting(WAIT)
                .until(d -> !d.findElements(testId("current-agent")).isEmpty());
        ana.browser().assertNoSeriousAxeViolations("canned responses page", false);
    }

    private static String tag(String purpose) {
        return "alerts-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void signIn(Parley parley, ConsoleSession session, Member agent, String tag) {
        session.login(parley, agent.username(), Workforce.PASSWORD);
        session.live();
        session.search(tag);
    }

    private static void grantNotifications(Parley parley, ConsoleSession session) {
        String origin = parley.base().getScheme() + "://" + parley.base().getAuthority();
        session.browser()
                .driver()
                .executeCdpCommand(
                        "Browser.grantPermissions", Map.of("origin", origin, "permissions", List.of("notifications")));
    }

    /** The row's unread count, or null while the row is not in the agent's list. */
    private static String unread(ConsoleSession session, long id) {
        return session.browser()
                .js("var row = document.querySelector(\"[data-testid=list-item][data-id='" + id + "']\");"
                        + " return row ? row.getAttribute('data-unread') : null;");
    }

    /** "beeps:notifications" over the agent's tabs. */
    private static String alertsIn(ConsoleSession session, String... tabs) {
        long beeps = 0;
        long notifications = 0;
        for (String tab : tabs) {
            session.driver().switchTo().window(tab);
            Number sounded = session.browser().js("return Number(document.body.getAttribute('data-sounded') || 0);");
            beeps += sounded.longValue();
            notifications += notes(session).size();
        }
        return beeps + ":" + notifications;
    }

    private static List<String> notes(ConsoleSession session) {
        return session.browser().js("return window.__notes || [];");
    }

    private static long titleCount(ConsoleSession session) {
        Matcher count = TITLE_COUNT.matcher(session.driver().getTitle());
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }

    private static void canned(Parley parley, String code, String title, String content) {
        Reply created = parley.agent()
                .post(
                        "canned-responses",
                        Json.createObjectBuilder()
                                .add("shortCode", code)
                                .add("title", title)
                                .add("content", content)
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private static void context(
            WidgetClient widget, Visitor visitor, String url, String title, String language, String timeZone) {
        Reply reported = widget.send(widget.request("context", visitor.token(), Map.of())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("url", url)
                        .add("title", title)
                        .add("language", language)
                        .add("timeZone", timeZone)
                        .build()
                        .toString()))
                .build());
        assertThat(reported.status()).as(reported.toString()).isBetween(200, 204);
    }
}
