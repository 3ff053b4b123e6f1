package dev.parley.it.security;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.TestDatabase;
import dev.parley.it.support.WidgetClient;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The security headers of every kind of response (docs/SECURITY.md, "Headers"), against one server
 * that trusts 127.0.0.1 as a proxy ({@code PARLEY_TRUSTED_PROXIES}), so a test can play the proxy
 * that says the visitor came over HTTPS (a proxy that is not trusted is ClientAddressTest's). In
 * Chromium: the widget on a website whose own CSP allows only Parley's origin, and the console used
 * end to end without one CSP violation.
 */
class SecurityHeadersIT {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final String CONSOLE_POLICY_START = "default-src 'self'; script-src 'self'";
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    static final String HSTS = "max-age=31536000";

    /** Records every CSP violation of every page, in the tab's session storage (DevTools scripts bypass CSP). */
    static final String VIOLATIONS = """
            document.addEventListener('securitypolicyviolation', (e) => {
              const all = JSON.parse(sessionStorage.getItem('__csp') || '[]');
              all.push(e.effectiveDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '') + ' @ ' + location.pathname);
              sessionStorage.setItem('__csp', JSON.stringify(all));
            }, true);
            """;

    static Parley parley;
    static Browser browser;
    static HttpClient http;

    @BeforeAll
    static void boot() {
        parley = ParleyServer.boot(new ParleyServer.Node(
                "it-security",
                0,
                TestDatabase.create("parley_security"),
                List.of(),
                List.of("--nohazelcast"),
                Map.of("PARLEY_TRUSTED_PROXIES", "127.0.0.1, ::1")));
        http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(WAIT)
                .build();
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

    // ----- headers ---------------------------------------------------------------------------------

    @Test
    void theConsoleLoginPageHasTheStrictPolicyWithItsOwnInlineCodeHashed() throws Exception {
        HttpResponse<String> login = get("admin/login.xhtml", Map.of());
        assertThat(login.statusCode()).isEqualTo(200);
        assertConsoleHeaders(login);
        assertThat(login.headers().firstValue("Strict-Transport-Security"))
                .as("HSTS over plain HTTP")
                .isEmpty();
        assertThat(cookies(login))
                .as("session cookie over plain HTTP")
                .allSatisfy(cookie -> assertThat(cookie)
                        .containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Lax")
                        .doesNotContainIgnoringCase("Secure"));
    }

    @Test
    void aConsolePageAfterLoginHashesTheLiveUpdatesScript() throws Exception {
        HttpClient session = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> login =
                session.send(request("admin/login.xhtml", Map.of()).build(), ofString());
        HttpResponse<String> list = session.send(
                request("admin/login.xhtml", Map.of())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "login",
                                "login",
                                "login:username",
                                ParleyServer.ADMIN_USER,
                                "login:password",
                                ParleyServer.ADMIN_PASSWORD,
                                "login:submit",
                                "Log in",
                                "jakarta.faces.ViewState",
                                viewState(login.body())))))
                        .build(),
                ofString());
        assertThat(list.uri().getPath()).isIn("/admin/", "/admin/index.xhtml");
        assertThat(list.body()).contains("data-testid=\"current-agent\"");
        assertConsoleHeaders(list);
        List<String> scripts = inlineScripts(list.body());
        assertThat(scripts).as("the f:websocket's inline start script").isNotEmpty();
        String policy = list.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(scripts).allSatisfy(script -> assertThat(policy).contains("'" + sha256(script) + "'"));
        assertThat(policy).doesNotContain("'unsafe-inline'").doesNotContain("'unsafe-eval'");
    }

    @Test
    void theWidgetScriptIsJavaScriptThatIsNeverSniffed() throws Exception {
        HttpResponse<String> sdk = get("chat/sdk.js", Map.of());
        assertThat(sdk.statusCode()).isEqualTo(200);
        assertThat(sdk.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(sdk.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(sdk.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(sdk.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void theVisitorApiAnswersWithNoPolicyButNoneAndNoFraming() throws Exception {
        HttpResponse<String> refused = get("chat/api/v1/conversations", Map.of());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertApiHeaders(refused);

        WidgetClient.Visitor visitor = parley.widget().newVisitor();
        HttpResponse<String> listed =
                get("chat/api/v1/conversations", Map.of("Authorization", "Bearer " + visitor.token()));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertApiHeaders(listed);
    }

    @Test
    void theDemoPageHasItsOwnPolicyScriptsFromItsOriginAndItsOwnInlineCode() throws Exception {
        HttpResponse<String> demo = get("chat/demo", Map.of());
        assertThat(demo.statusCode()).isEqualTo(200);
        String policy = demo.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy)
                .startsWith("default-src 'none'; script-src 'self'")
                .contains("connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'")
                .doesNotContain("'unsafe-inline'")
                .doesNotContain("'unsafe-eval'");
        assertThat(inlineScripts(demo.body()))
                .allSatisfy(script -> assertThat(policy).contains(sha256(script)));
        assertThat(demo.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(demo.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
    }

    @Test
    void htstsAndSecureCookiesOnlyWhenATrustedProxySaysHttps() throws Exception {
        Map<String, String> https = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9");
        for (String path : List.of("admin/login.xhtml", "chat/sdk.js", "chat/api/v1/conversations", "chat/demo")) {
            assertThat(get(path, https).headers().firstValue("Strict-Transport-Security"))
                    .as(path + " through the trusted proxy, https")
                    .hasValue(HSTS);
            assertThat(get(path, Map.of("X-Forwarded-Proto", "http")).headers().firstValue("Strict-Transport-Security"))
                    .as(path + " through the trusted proxy, http")
                    .isEmpty();
        }
        HttpResponse<String> login = get("admin/login.xhtml", https);
        assertThat(cookies(login))
                .as("session cookie behind HTTPS")
                .isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie)
                        .containsIgnoringCase("; Secure")
                        .containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void theOpenApiDocumentIsThereWhileTheDemoIsEnabled() throws Exception {
        assertThat(get("openapi", Map.of()).statusCode()).isEqualTo(200);
    }

    // ----- browsers ----------------------------------------------------------------------------------

    /**
     * A website whose CSP allows Parley's origin and nothing else (not even inline code, which it
     * proves by an inline script of its own that must be blocked): the visitor starts a chat and
     * reads the agent's answer, and Parley causes no violation.
     */
    @Test
    void theWidgetWorksOnAWebsiteWhosePolicyAllowsOnlyParleysOrigin() throws Exception {
        String origin = "http://127.0.0.1:" + parley.base().getPort();
        String policy = "default-src 'none'; script-src " + origin + "; connect-src " + origin + " ws://127.0.0.1:"
                + parley.base().getPort() + "; style-src 'self'";
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Strict shop</title></head>"
                + "<body><h1>A shop with a strict policy</h1>"
                + "<script>window.__inlineRan = true;</script>"
                + "<script src=\"" + origin + "/chat/sdk.js\" data-website-token=\"" + ParleyServer.WEBSITE_TOKEN
                + "\" async></script></body></html>";
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", policy);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        try {
            Browser browser = browser();
            browser.reset(parley.uri("chat/sdk.js").toString());
            String shop = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
            browser.reset(shop);
            browser.driver().get(shop);
            SearchContext widget = browser.waiting(WAIT)
                    .withMessage("the widget mounted on the strict page")
                    .until(d -> {
                        SearchContext root =
                                d.findElement(By.cssSelector("parley-widget")).getShadowRoot();
                        root.findElement(testId("launcher"));
                        return root;
                    });
            assertThat(browser.<Object>js("return window.__inlineRan"))
                    .as("the page's own inline script")
                    .isNull();
            assertThat(browser.<String>js("return getComputedStyle(document.querySelector('parley-widget').shadowRoot"
                            + ".querySelector('[data-testid=launcher]')).position"))
                    .as("the widget's styles apply under style-src 'self'")
                    .isEqualTo("fixed");

            widget.findElement(testId("launcher")).click();
            browser.waiting(WAIT)
                    .until(d -> widget.findElement(testId("window")).isDisplayed());
            String email = "strict-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            widget.findElement(testId("name")).sendKeys("Stella");
            widget.findElement(testId("email")).sendKeys(email);
            widget.findElement(testId("message")).sendKeys("Does the chat work here?");
            widget.findElement(testId("start")).click();
            browser.waiting(WAIT).until(d -> "open".equals(browser.js("return window.Parley.state()")));
            long conversation =
                    ((Number) Objects.requireNonNull(browser.js("return window.Parley.conversationId()"))).longValue();
            browser.waiting(WAIT)
                    .withMessage("the widget's socket connected")
                    .until(d -> "connected"
                            .equals(widget.findElement(testId("status")).getDomAttribute("data-state")));

            AgentClient agent = parley.agent();
            assertThat(agent.reply(conversation, "Yes, it works.").status()).isEqualTo(201);
            browser.waiting(WAIT)
                    .withMessage("the agent's answer in the widget")
                    .until(d -> widget.findElements(testId("msg")).stream()
                            .map(WebElement::getText)
                            .anyMatch(text -> text.contains("Yes, it works.")));

            assertThat(violations(browser))
                    .as("CSP violations on the strict page")
                    .singleElement()
                    .satisfies(violation -> assertThat(violation).startsWith("script-src-elem inline"));
        } finally {
            site.stop(0);
        }
    }

    /** Log in, the live list, a conversation (reply, typing, a live message), the merge preview: no violation. */
    @Test
    void theConsoleRunsUnderItsPolicyWithoutOneViolation() {
        Browser browser = browser();
        WebDriver driver = browser.driver();
        WidgetClient widgets = parley.widget();
        String email = "csp-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        WidgetClient.Visitor visitor = widgets.newVisitor();
        long first = widgets.start(visitor, "k1", WidgetClient.form("Cora", email, "First question"))
                .id();
        assertThat(parley.agent().status(first, "RESOLVED").status()).isEqualTo(200);
        long second = widgets.start(visitor, "k2", WidgetClient.form("Cora", email, "Second question"))
                .id();

        browser.reset(parley.uri("admin/login.xhtml").toString());
        driver.manage().deleteAllCookies();
        driver.get(parley.uri("admin/login.xhtml").toString());
        driver.findElement(By.id("login:username")).sendKeys(ParleyServer.ADMIN_USER);
        driver.findElement(By.id("login:password")).sendKeys(ParleyServer.ADMIN_PASSWORD);
        driver.findElement(By.id("login:submit")).click();
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("current-agent")).isEmpty());
        browser.waiting(WAIT)
                .withMessage("the list's live updates connected (f:websocket onopen)")
                .until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));

        driver.get(parley.uri("admin/conversation.xhtml?id=" + second).toString());
        browser.waiting(WAIT)
                .until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
        WebElement box = driver.findElement(By.id("reply:text"));
        box.sendKeys("Let me check that for you.");
        driver.findElement(By.id("reply:send")).click();
        browser.waiting(WAIT)
                .withMessage("the reply in the timeline")
                .until(d -> d.findElement(testId("timeline")).getText().contains("Let me check that for you."));
        browser.waiting(WAIT)
                .until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
        assertThat(widgets.post(
                                "conversations/" + second + "/messages",
                                visitor.token(),
                                Map.of("Idempotency-Key", "m1"),
                                "{\"content\":\"Thanks, waiting live\"}")
                        .status())
                .isEqualTo(201);
        browser.waiting(WAIT)
                .withMessage("the visitor's message arrives live (f:websocket, then f:ajax)")
                .until(d -> d.findElement(testId("timeline")).getText().contains("Thanks, waiting live"));

        driver.get(parley.uri("admin/merge.xhtml?target=" + second).toString());
        driver.findElement(By.id("merge:others")).sendKeys(String.valueOf(first));
        driver.findElement(By.id("merge:preview")).click();
        browser.waiting(WAIT)
                .withMessage("the merge preview (f:ajax)")
                .until(d -> !d.findElements(testId("preview")).isEmpty());

        assertThat(violations(browser)).as("CSP violations in the console").isEmpty();
    }

    // ----- helpers -----------------------------------------------------------------------------------

    static synchronized Browser browser() {
        if (browser == null) {
            browser = Browser.start();
            browser.onEveryPage(VIOLATIONS);
        }
        return browser;
    }

    static List<String> violations(Browser browser) {
        String json = browser.js("return sessionStorage.getItem('__csp') || '[]'");
        return jakarta.json.Json.createReader(new java.io.StringReader(json)).readArray().stream()
                .map(value -> ((jakarta.json.JsonString) value).getString())
                .toList();
    }

    static void assertConsoleHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy)
                        .startsWith(CONSOLE_POLICY_START)
                        .contains(
                                "style-src 'self'",
                                "img-src 'self' data:",
                                "connect-src 'self'",
                                "frame-ancestors 'none'",
                                "base-uri 'none'",
                                "form-action 'self'",
                                "object-src 'none'"));
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    }

    static void assertApiHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(API_POLICY);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    static List<String> cookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    /** The text of every {@code <script>} without {@code src}, as the browser hashes it. */
    static List<String> inlineScripts(String html) {
        Matcher scripts = Pattern.compile(
                        "<script(\\s[^>]*)?>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE)
                .matcher(html);
        List<String> found = new ArrayList<>();
        while (scripts.find()) {
            if (scripts.group(1) == null || !scripts.group(1).contains("src=")) {
                found.add(scripts.group(2));
            }
        }
        return found;
    }

    static String sha256(String text) throws Exception {
        return "sha256-"
                + Base64.getEncoder()
                        .encodeToString(
                                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String viewState(String html) {
        Matcher matcher = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"")
                .matcher(html);
        assertThat(matcher.find()).as("a view state in the page").isTrue();
        return matcher.group(1);
    }

    static String form(Map<String, String> fields) {
        return new LinkedHashMap<>(fields)
                .entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }

    static HttpRequest.Builder request(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(parley.uri(path)).timeout(WAIT);
        headers.forEach(request::header);
        return request;
    }

    static HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        return http.send(request(path, headers).GET().build(), ofString());
    }

    static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }

    static URI uri(String path) {
        return parley.uri(path);
    }
}
