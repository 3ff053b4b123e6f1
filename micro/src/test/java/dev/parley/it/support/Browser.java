package dev.parley.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.fetch.Fetch;
import org.openqa.selenium.devtools.v156.fetch.model.RequestId;
import org.openqa.selenium.devtools.v156.fetch.model.RequestPattern;
import org.openqa.selenium.devtools.v156.fetch.model.RequestStage;
import org.openqa.selenium.devtools.v156.network.Network;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven by the Debian chromedriver, set up the way FIELD-NOTES
 * ("Browser tests") found to work on this machine: no Selenium Manager, no network besides the
 * page's own, its own TMPDIR (so no {@code /tmp/org.chromium.Chromium.*} leftovers), and a
 * DevTools session that records every request the page sends.
 *
 * <p>Meant to live for one test class ({@code @BeforeAll}/{@code @AfterAll}); {@link #reset(String)}
 * gives each test a fresh visitor (empty storage, no network emulation, empty request log).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("parley.chromedriver", "/usr/bin/chromedriver"));

    /** What the page sent, as DevTools saw it leave the browser. */
    public record SentRequest(String method, String url) {}

    private final ChromeDriver driver;
    private final DevTools devTools;
    private final Path tmp;
    private final List<SentRequest> sent = new CopyOnWriteArrayList<>();
    private final BlockingQueue<HeldRequest> held = new LinkedBlockingQueue<>();

    /** A request the browser holds back (see {@link #hold}) until {@link #release} lets it go. */
    public record HeldRequest(RequestId id, String method, String url) {}

    private Browser(ChromeDriver driver, DevTools devTools, Path tmp) {
        this.driver = driver;
        this.devTools = devTools;
        this.tmp = tmp;
    }

    /**
     * Skips (loudly) when there is no Chromium on this machine. CI installs it
     * ({@code apt-get install chromium chromium-driver}), so a skip there is a setup bug.
     */
    public static void assumeAvailable() {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!available) {
            String banner = "\n" + "!".repeat(100) + "\n!!! BROWSER TESTS SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing.\n!!! Install them: apt-get install -y --no-install-recommends chromium chromium-driver\n"
                    + "!".repeat(100) + "\n";
            System.err.println(banner);
            System.out.println(banner);
        }
        Assumptions.assumeTrue(
                available,
                "BROWSER TESTS SKIPPED: no " + CHROMIUM + " / " + CHROMEDRIVER
                        + " (apt-get install -y --no-install-recommends chromium chromium-driver)");
    }

    public static Browser start() {
        assumeAvailable();
        Path tmp;
        try {
            tmp = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Driver and binary are both given, so Selenium Manager never runs (it would look for them on
        // the network). SE_OFFLINE is an environment variable read by the Selenium Manager binary:
        // CI may export it as a second guard; a system property would not reach it.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TMPDIR", tmp.toString()))
                .withLogFile(tmp.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,900",
                "--lang=en-US",
                "--user-data-dir=" + tmp.resolve("profile"));
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            DevTools devTools = driver.getDevTools();
            devTools.createSession();
            Browser browser = new Browser(driver, devTools, tmp);
            devTools.send(Network.enable(
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            devTools.addListener(
                    Network.requestWillBeSent(),
                    event -> browser.sent.add(new SentRequest(
                            event.getRequest().getMethod(), event.getRequest().getUrl())));
            devTools.addListener(
                    Fetch.requestPaused(),
                    event -> browser.held.add(new HeldRequest(
                            event.getRequestId(),
                            event.getRequest().getMethod(),
                            event.getRequest().getUrl())));
            return browser;
        } catch (RuntimeException failed) {
            driver.quit();
            throw failed;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * A fresh visitor: no network emulation, an empty request log, and empty local and
     * session storage for the origin of {@code sameOriginUrl} - which should be a page that does not
     * run the widget (a static file), or the widget could write its state back right away.
     */
    public void reset(String sameOriginUrl) {
        driver.deleteNetworkConditions();
        stopHolding();
        driver.get(sameOriginUrl);
        js("localStorage.clear(); sessionStorage.clear();");
        driver.get("about:blank");
        sent.clear();
    }

    /** Requests the page sent so far (since the last {@link #reset}). */
    public List<SentRequest> sent() {
        return List.copyOf(sent);
    }

    public long sentCount(String method, String urlSuffix) {
        return sent.stream()
                .filter(r -> r.method().equals(method) && r.url().endsWith(urlSuffix))
                .count();
    }

    public void clearSent() {
        sent.clear();
    }

    public void latency(Duration latency) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setLatency(latency);
        driver.setNetworkConditions(conditions);
    }

    public void noLatency() {
        driver.deleteNetworkConditions();
    }

    /**
     * From now on the browser holds back, before sending, every request whose URL matches the glob
     * ({@code *} any characters, {@code ?} one character) - a slow request made deterministic.
     */
    public void hold(String urlGlob) {
        held.clear();
        devTools.send(Fetch.enable(
                Optional.of(List.of(
                        new RequestPattern(Optional.of(urlGlob), Optional.empty(), Optional.of(RequestStage.REQUEST)))),
                Optional.empty()));
    }

    /** The next request held back, waiting at most {@code timeout}. */
    public HeldRequest nextHeld(Duration timeout) {
        try {
            HeldRequest request = held.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (request == null) {
                throw new AssertionError("no request was held within " + timeout);
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a held request on unchanged. */
    public void release(HeldRequest request) {
        devTools.send(Fetch.continueRequest(
                request.id(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    }

    /** Stops holding requests (release the held ones first). */
    public void stopHolding() {
        devTools.send(Fetch.disable());
        held.clear();
    }

    /** Runs a script before any of the page's own scripts, on every page the current tab loads from now on. */
    public void onEveryPage(String source) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
    }

    @SuppressWarnings("unchecked")
    public <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * A wait that looks again while the page is changing under it: an element not there yet, or found and then
     * replaced by a Faces ajax update or a new page. Chromium reports the latter as a stale element or, when
     * it happens between finding a node and reading it, as a plain WebDriverException ("node with given id
     * does not belong to the document"), so those are retried too; a condition that never holds still fails
     * with the wait's timeout.
     */
    public WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    public static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    public void screenshot(Path file) {
        try {
            Files.createDirectories(Objects.requireNonNull(file.toAbsolutePath().getParent()));
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axeSource;

    private static synchronized String axeSource() {
        if (axeSource == null) {
            try (java.io.InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
                axeSource = new String(
                        Objects.requireNonNull(in, "axe/axe.min.js on the test classpath")
                                .readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }

    /** Runs axe on the whole page, widget shadow DOM included; fails on any serious or critical violation. */
    public void assertNoSeriousAxeViolations(String situation) {
        assertNoSeriousAxeViolations(situation, true);
    }

    /** As above; {@code widgetOnPage} false for pages without the widget (the console), where axe cannot look inside it. */
    public void assertNoSeriousAxeViolations(String situation, boolean widgetOnPage) {
        if ("undefined".equals(js("return typeof window.axe"))) {
            js(axeSource());
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const inWidget = (node) => JSON.stringify(node.target).includes('parley-widget');
                window.axe.run(document, {
                  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
                }).then((results) => done({
                  violations: results.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map((n) => JSON.stringify(n.target) + ' ' + n.failureSummary),
                  })),
                  widgetChecks: results.passes.reduce((sum, rule) => sum + rule.nodes.filter(inWidget).length, 0),
                })).catch((error) => done('axe failed: ' + error));
                """);
        org.assertj.core.api.Assertions.assertThat(result).as("axe result").isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) result;
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) results.get("violations");
        System.out.printf(
                "axe [%s]: %s passed checks inside the widget's shadow DOM, %d violations%n",
                situation, results.get("widgetChecks"), violations.size());
        violations.forEach(v -> System.out.printf(
                "axe [%s] %s %s: %s%n  %s%n", situation, v.get("impact"), v.get("id"), v.get("help"), v.get("nodes")));
        if (widgetOnPage) {
            org.assertj.core.api.Assertions.assertThat((Long) results.get("widgetChecks"))
                    .as("axe looked inside the widget (%s)", situation)
                    .isPositive();
        }
        org.assertj.core.api.Assertions.assertThat(violations)
                .as("serious/critical axe violations (%s)", situation)
                .filteredOn(v -> List.of("serious", "critical").contains(v.get("impact")))
                .isEmpty();
    }

    @Override
    public void close() {
        try {
            devTools.close();
        } catch (RuntimeException ignored) {
            // the browser may already be gone
        }
        driver.quit();
        try (Stream<Path> files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // leftovers in target/ are harmless
        }
    }
}
