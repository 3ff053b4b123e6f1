package dev.parley.it.console;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Faces console as an agent uses it, in headless Chromium against the real server (Payara
 * Micro, PostgreSQL): login, list filters / sort / pagination, live list updates, answering,
 * resolve / reopen, merge with preview and confirmation, unmerge, XSS as text - and, over plain
 * HTTP, that a state-changing POST without the page's view state changes nothing.
 *
 * <p>The database is shared with the other test classes, so every test works on visitors with an
 * email of its own and filters the list by it.
 */
@ExtendWith(ParleyServer.class)
class ConsoleBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String XSS_NAME = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
    static final String XSS_MESSAGE = "<b>bold?</b><script>window.__xss=3</script>";
    static final String AGENT_PASSWORD = "agent-password-123";

    @RegisterExtension
    static final ConsoleSession console = new ConsoleSession();

    static Browser browser;
    static WebDriver driver;

    @BeforeAll
    static void startBrowser() {
        browser = console.browser();
        driver = console.driver();
    }

    @BeforeEach
    void loggedOut(Parley parley) {
        console.logOut(parley);
    }

    @Test
    void everyConsolePageRequiresLogin(Parley parley) {
        WidgetClient widget = parley.widget();
        long id = widget.start(
                        widget.newVisitor(), "k", WidgetClient.form("Lou", tag("login") + "@example.com", "Hello"))
                .id();

        driver.get(parley.uri("admin/").toString());
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
        assertThat(driver.findElements(testId("conversations"))).isEmpty();

        driver.get(parley.uri("admin/conversation.xhtml?id=" + id).toString());
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
        submitLogin(ParleyServer.ADMIN_USER, "wrong-password");
        browser.waiting(WAIT)
                .until(d -> d.findElement(testId("messages")).getText().contains("Wrong user name or password"));
        assertThat(driver.getCurrentUrl()).contains("/admin/login.xhtml");
        assertThat(driver.findElements(testId("current-agent"))).isEmpty();

        submitLogin(ParleyServer.ADMIN_USER, ParleyServer.ADMIN_PASSWORD);
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/conversation.xhtml?id=" + id));
        assertThat(driver.findElement(testId("current-agent")).getText()).isEqualTo(ParleyServer.ADMIN_USER);
        assertThat(driver.findElement(testId("visitor-name")).getText()).isEqualTo("Lou");

        click(By.id("session:logout"));
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
        driver.get(parley.uri("admin/index.xhtml").toString());
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
    }

    @Test
    void theListFiltersSortsAndPagesOnTheServer(Parley parley) {
        String tag = tag("page");
        WidgetClient widget = parley.widget();
        List<Long> ids = java.util.stream.IntStream.range(0, 25)
                .mapToObj(i -> widget.start(
                                widget.newVisitor(),
                                "k",
                                WidgetClient.form("Pat " + i, tag + "-" + i + "@example.com", "Question " + i))
                        .id())
                .toList();
        for (long resolved : ids.subList(0, 3)) {
            assertThat(parley.agent()
                            .post("conversations/" + resolved + "/status", "{\"status\":\"RESOLVED\"}")
                            .status())
                    .isEqualTo(200);
        }
        login(parley);

        filter(tag, null);
        assertThat(text("page-info")).isEqualTo("Page 1 of 2 · 25 conversations");
        assertThat(rowIds()).hasSize(20);
        click(testId("next"));
        browser.waiting(WAIT).until(d -> text("page-info").startsWith("Page 2 of 2"));
        assertThat(rowIds()).hasSize(5);
        assertThat(driver.getCurrentUrl()).contains("page=2");

        click(testId("sort-id"));
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("sort=id-"));
        List<Long> sorted = rowIds();
        assertThat(text("page-info")).startsWith("Page 1 of 2");
        assertThat(sorted)
                .isSortedAccordingTo(
                        driver.getCurrentUrl().contains("id-asc")
                                ? java.util.Comparator.<Long>naturalOrder()
                                : java.util.Comparator.<Long>reverseOrder());
        browser.screenshot(SCREENSHOTS.resolve("console-list.png"));

        filter(tag, "RESOLVED");
        assertThat(text("page-info")).isEqualTo("Page 1 of 1 · 3 conversations");
        assertThat(rowIds()).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
        assertThat(driver.findElements(testId("conversation-row")))
                .allMatch(row -> "RESOLVED".equals(row.getDomAttribute("data-status")));
    }

    @Test
    void theListUpdatesLiveWhenAVisitorStartsAChat(Parley parley) {
        String tag = tag("live");
        login(parley);
        filter(tag, null);
        assertThat(rowIds()).isEmpty();
        browser.waiting(WAIT)
                .until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
        browser.js("window.__sameDocument = true;");

        WidgetClient widget = parley.widget();
        long id = widget.start(
                        widget.newVisitor(), "k", WidgetClient.form("Liv", tag + "@example.com", "Anyone there?"))
                .id();

        browser.waiting(WAIT).until(d -> rowIds().contains(id));
        assertThat((Boolean) browser.js("return window.__sameDocument === true;"))
                .as("no reload")
                .isTrue();
        assertThat(text("page-info")).isEqualTo("Page 1 of 1 · 1 conversations");

        parley.agent().post("conversations/" + id + "/status", "{\"status\":\"RESOLVED\"}");
        browser.waiting(WAIT).until(d -> "RESOLVED".equals(row(id).getDomAttribute("data-status")));
    }

    @Test
    void anAgentAnswersResolvesAndReopens(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        long id = widget.start(
                        visitor,
                        "k",
                        WidgetClient.form("Ann", tag("reply") + "@example.com", "My parcel has not arrived."))
                .id();
        login(parley);
        driver.get(parley.uri("admin/conversation.xhtml?id=" + id).toString());
        assertThat(text("status")).isEqualTo("open");

        WebElement box = driver.findElement(By.id("reply:text"));
        box.sendKeys("Sorry to hear that, Ann.\nLet me check.");
        click(By.id("reply:send"));

        browser.waiting(WAIT).until(d -> d.findElements(testId("message")).size() == 2);
        Reply seen = widget.get("conversations/" + id + "/messages", visitor.token());
        JsonObject answer = seen.array().getJsonObject(1);
        assertThat(answer.getString("content")).isEqualTo("Sorry to hear that, Ann.\nLet me check.");
        assertThat(answer.getString("sender")).isEqualTo("AGENT");
        assertThat(answer.getString("author"))
                .as("the display name, never the login")
                .isEqualTo("Admin");
        browser.screenshot(SCREENSHOTS.resolve("console-conversation.png"));

        click(By.id("actions:resolve"));
        browser.waiting(WAIT).until(d -> text("status").equals("resolved"));
        assertThat(parley.count("select count(*) from conversation where id = ? and status = 'RESOLVED'", id))
                .isEqualTo(1);
        assertThat(driver.findElement(testId("messages")).getText()).contains("Resolved.", "Request id console-");

        Matcher requestId = Pattern.compile("Request id (console-[0-9a-f-]+)").matcher(text("messages"));
        assertThat(requestId.find()).isTrue();
        driver.get(parley.uri("admin/audit.xhtml?request=" + requestId.group(1)).toString());
        assertThat(driver.findElements(testId("audit-row")))
                .singleElement()
                .satisfies(row ->
                        assertThat(row.getText()).contains("conversation.status", "OPEN->RESOLVED", "agent:admin"));
        driver.get(parley.uri("admin/conversation.xhtml?id=" + id).toString());

        click(By.id("actions:reopen"));
        browser.waiting(WAIT).until(d -> text("status").equals("open"));
        assertThat(parley.count("select count(*) from conversation where id = ? and status = 'OPEN'", id))
                .isEqualTo(1);
        assertThat(parley.count(
                        "select count(*) from audit_event where conversation_id = ? and action = 'conversation.status'"
                                + " and actor = 'agent:admin'",
                        id))
                .isEqualTo(2);
    }

    @Test
    void visitorInputRendersAsText(Parley parley) {
        String tag = tag("xss");
        WidgetClient widget = parley.widget();
        long id = widget.start(widget.newVisitor(), "k", WidgetClient.form(XSS_NAME, tag + "@example.com", XSS_MESSAGE))
                .id();
        login(parley);

        filter(tag, null);
        assertThat(row(id).findElement(testId("visitor-name")).getText()).isEqualTo(XSS_NAME);
        driver.get(parley.uri("admin/conversation.xhtml?id=" + id).toString());
        assertThat(text("visitor-name")).isEqualTo(XSS_NAME);
        assertThat(driver.findElement(testId("message"))
                        .findElement(By.className("content"))
                        .getText())
                .isEqualTo(XSS_MESSAGE);
        assertThat(driver.getTitle()).contains("Conversation " + id);

        assertThat((Object) browser.js("return window.__xss;")).isNull();
        assertThat(driver.findElements(By.cssSelector("main img, main b"))).isEmpty();
    }

    @Test
    void mergeShowsAPreviewNeedsConfirmationAndCanBeUndone(Parley parley) {
        WidgetClient widget = parley.widget();
        Visitor visitor = widget.newVisitor();
        String email = tag("merge") + "@example.com";
        long first = widget.start(visitor, "a", WidgetClient.form("Max", email, "Where is order 4711?"))
                .id();
        parley.agent().reply(first, "Looking into it.");
        parley.agent().post("conversations/" + first + "/status", "{\"status\":\"RESOLVED\"}");
        long second = widget.start(visitor, "b", WidgetClient.form("Max", email, "Where is order 4711?"))
                .id();
        login(parley);

        filter(email, null);
        click(By.id("filters:duplicates"));
        click(By.id("filters:apply"));
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("duplicates=true"));
        assertThat(rowIds()).containsExactlyInAnyOrder(first, second);

        driver.get(parley.uri("admin/conversation.xhtml?id=" + second).toString());
        click(testId("merge-link"));
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("merge.xhtml?target=" + second));
        WebElement suggestion = driver.findElement(By.cssSelector("input[type=checkbox][value='" + first + "']"));
        suggestion.click();
        click(By.id("merge:preview"));

        browser.waiting(WAIT).until(d -> !d.findElements(testId("preview")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("[data-testid=moving] li")))
                .hasSize(2);
        assertThat(driver.findElements(By.cssSelector("[data-testid=resulting-timeline] .message")))
                .hasSize(3);
        assertThat(driver.findElement(testId("preview")).getText()).contains("from conversation " + first);
        assertThat(parley.count("select count(*) from conversation where id = ? and status = 'RESOLVED'", first))
                .as("a preview changes nothing")
                .isEqualTo(1);

        click(By.id("merge:confirm"));
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("conversation.xhtml?id=" + second));
        // the page is live: a nudge may re-render the timeline under the test, so read it in a wait
        browser.waiting(WAIT)
                .until(d -> d.findElements(testId("message")).size() == 3
                        && d.findElements(testId("origin")).stream()
                                        .filter(origin -> origin.getText().equals("from conversation " + first))
                                        .count()
                                == 2
                        && d.findElement(testId("messages")).getText().contains("Merged"));
        assertThat(parley.count(
                        "select count(*) from conversation where id = ? and status = 'MERGED' and merged_into_id = ?",
                        first,
                        second))
                .isEqualTo(1);

        driver.get(parley.uri("admin/conversation.xhtml?id=" + first).toString());
        assertThat(text("status")).isEqualTo("merged");
        click(By.id("actions:unmerge"));
        browser.waiting(WAIT).until(d -> text("status").equals("resolved"));
        assertThat(driver.findElements(testId("message"))).hasSize(2);
        assertThat(parley.count("select count(*) from message where conversation_id = ?", second))
                .isEqualTo(1);
        assertThat(parley.count(
                        "select count(*) from audit_event where action in ('conversation.merge', 'conversation.unmerge')"
                                + " and actor = 'agent:admin' and (conversation_id = ? or conversation_id = ?)",
                        first,
                        second))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void anAgentIsShownThatOnlyAnAdminMergesTwoVisitorsConversations(Parley parley) {
        String agentName = tag("agent");
        Reply created = parley.agent()
                .post(
                        "agents",
                        "{\"username\":\"" + agentName + "\",\"displayName\":\"Agent\"," + "\"password\":\""
                                + AGENT_PASSWORD + "\",\"role\":\"AGENT\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        WidgetClient widget = parley.widget();
        long ann = widget.start(
                        widget.newVisitor(),
                        "k",
                        WidgetClient.form("Ann", tag("cross") + "@example.com", "My order is late"))
                .id();
        long bob = widget.start(
                        widget.newVisitor(),
                        "k",
                        WidgetClient.form("Bob", tag("cross") + "@example.com", "Where is my refund?"))
                .id();
        driver.get(parley.uri("admin/login.xhtml").toString());
        submitLogin(agentName, AGENT_PASSWORD);
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("current-agent")).isEmpty());

        driver.get(parley.uri("admin/merge.xhtml?target=" + ann).toString());
        driver.findElement(By.id("merge:others")).sendKeys(String.valueOf(bob));
        click(By.id("merge:preview"));

        browser.waiting(WAIT).until(d -> !d.findElements(testId("preview")).isEmpty());
        assertThat(text("cross-contact")).contains("different visitors");
        assertThat(text("problems")).isEqualTo("Only an admin may do this.");
        assertThat(driver.findElements(By.id("merge:confirm")))
                .as("no button to merge")
                .isEmpty();
        assertThat(driver.findElements(By.id("merge:crossContact"))).isEmpty();
        browser.screenshot(SCREENSHOTS.resolve("console-merge-forbidden.png"));
        assertThat(parley.agent().get("conversations/" + bob).json().getString("status"))
                .isEqualTo("OPEN");
        assertThat(parley.agent().get("conversations/" + ann).json().getJsonArray("messages"))
                .hasSize(1);
        assertThat(parley.count("select count(*) from merge_record where target_id = ?", ann))
                .isZero();
    }

    @Test
    void inboxSettingsShowTheSnippetAndCheckTheOrigins(Parley parley) {
        login(parley);
        driver.get(parley.uri("admin/inbox.xhtml").toString());
        assertThat(text("website-token")).isEqualTo(ParleyServer.WEBSITE_TOKEN);
        assertThat(text("snippet"))
                .isEqualTo("<script src=\"" + parley.uri("chat/sdk.js") + "\" data-website-token=\""
                        + ParleyServer.WEBSITE_TOKEN + "\" async></script>");
        long settingsChanges = parley.count("select count(*) from audit_event where action = 'inbox.settings'");
        long openInboxes = parley.count("select count(*) from inbox where allowed_origins = '*'");

        WebElement origins = driver.findElement(By.id("inbox:origins"));
        origins.clear();
        origins.sendKeys("javascript:alert(1)");
        click(By.id("inbox:save"));
        browser.waiting(WAIT).until(d -> text("messages").contains("must be * or origins"));
        assertThat(parley.count("select count(*) from inbox where allowed_origins = '*'"))
                .as("the refused origins changed nothing (other test classes may have added inboxes)")
                .isEqualTo(openInboxes);

        driver.findElement(By.id("inbox:origins")).clear();
        driver.findElement(By.id("inbox:origins")).sendKeys("*");
        click(By.cssSelector("input[name='inbox:policy'][value='SUGGEST']"));
        click(By.id("inbox:save"));
        browser.waiting(WAIT).until(d -> text("messages").contains("Saved."));
        assertThat(parley.count("select count(*) from audit_event where action = 'inbox.settings'"))
                .isEqualTo(settingsChanges + 1);
    }

    @Test
    void aPostWithoutTheViewStateChangesNothing(Parley parley) throws Exception {
        WidgetClient widget = parley.widget();
        long id = widget.start(widget.newVisitor(), "k", WidgetClient.form("Cy", tag("csrf") + "@example.com", "Hi"))
                .id();
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        URI loginPage = parley.uri("admin/login.xhtml");
        String login = get(http, loginPage).body();
        HttpResponse<String> loggedIn = post(
                http,
                loginPage,
                Map.of(
                        "login",
                        "login",
                        "login:username",
                        ParleyServer.ADMIN_USER,
                        "login:password",
                        ParleyServer.ADMIN_PASSWORD,
                        "login:submit",
                        "Log in",
                        "jakarta.faces.ViewState",
                        viewState(login)));
        assertThat(loggedIn.uri().getPath()).isEqualTo("/admin/index.xhtml");
        URI page = parley.uri("admin/conversation.xhtml?id=" + id);
        String conversationPage = get(http, page).body();
        assertThat(conversationPage).contains("actions:resolve");

        HttpResponse<String> noViewState = post(http, page, Map.of("actions", "actions", "actions:resolve", "Resolve"));
        HttpResponse<String> forgedViewState = post(
                http,
                page,
                Map.of(
                        "actions",
                        "actions",
                        "actions:resolve",
                        "Resolve",
                        "jakarta.faces.ViewState",
                        "-4242424242424242424:-4242424242424242424"));

        assertThat(forgedViewState.body()).contains("This page expired", "Nothing was changed");
        assertThat(parley.count("select count(*) from conversation where id = ? and status = 'OPEN'", id))
                .as(
                        "no view state, no state change (HTTP %s / %s)",
                        noViewState.statusCode(), forgedViewState.statusCode())
                .isEqualTo(1);
        assertThat(parley.count(
                        "select count(*) from audit_event where conversation_id = ? and action = 'conversation.status'",
                        id))
                .isZero();

        HttpResponse<String> genuine = post(
                http,
                page,
                Map.of(
                        "actions",
                        "actions",
                        "actions:resolve",
                        "Resolve",
                        "jakarta.faces.ViewState",
                        viewState(conversationPage)));
        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(parley.count("select count(*) from conversation where id = ? and status = 'RESOLVED'", id))
                .as("the same POST with the page's view state works")
                .isEqualTo(1);
    }

    private static String tag(String purpose) {
        return "console-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void login(Parley parley) {
        console.login(parley);
    }

    private void submitLogin(String user, String password) {
        console.submitLogin(user, password);
    }

    /** Filters the list by email (and status) with the filter form, and waits for the redirected list. */
    private void filter(String email, String status) {
        if (!driver.getCurrentUrl().contains("/admin/conversations.xhtml")) {
            click(testId("nav-conversations"));
            browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/conversations.xhtml"));
        }
        WebElement field = driver.findElement(By.id("filters:email"));
        field.clear();
        field.sendKeys(email);
        new Select(driver.findElement(By.id("filters:status"))).selectByValue(status == null ? "" : status);
        String before = driver.getCurrentUrl();
        click(By.id("filters:apply"));
        String encoded = URLEncoder.encode(email, StandardCharsets.UTF_8);
        browser.waiting(WAIT)
                .until(d ->
                        !d.getCurrentUrl().equals(before) && d.getCurrentUrl().contains(encoded)
                                || d.getCurrentUrl().contains("email=" + email)
                                        && !d.getCurrentUrl().equals(before));
    }

    private List<Long> rowIds() {
        return driver.findElements(testId("conversation-row")).stream()
                .map(row -> Long.valueOf(row.getDomAttribute("data-id")))
                .toList();
    }

    private WebElement row(long id) {
        return driver.findElement(By.cssSelector("[data-testid=conversation-row][data-id='" + id + "']"));
    }

    private void click(By element) {
        console.click(element);
    }

    private String text(String testId) {
        return console.text(testId);
    }

    private static String viewState(String html) {
        Matcher matcher = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"")
                .matcher(html);
        assertThat(matcher.find()).as("a view state in the page").isTrue();
        return matcher.group(1);
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = new LinkedHashMap<>(form)
                .entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(WAIT)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
