package dev.parley.it.console;

import static dev.parley.it.console.ConsoleSession.WAIT;
import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

/**
 * The console's webhooks page in headless Chromium against a real receiver on loopback: an admin adds an
 * endpoint (a bad URL first, shown under its field), sees its secret once, watches a visitor's message be
 * delivered, redelivers one the receiver had refused, and deletes the endpoint after confirming; an endpoint
 * the worker disabled raises the layout's alert until an admin enables it again; an agent gets no forms.
 */
@ExtendWith(ParleyServer.class)
class ConsoleWebhooksBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String PASSWORD = "agent-password-123";

    @RegisterExtension
    static final ConsoleSession console = new ConsoleSession();

    HttpServer receiver;
    /** What the receiver answers next. */
    final AtomicInteger answer = new AtomicInteger(200);
    /** The webhook-id of every request, in arrival order. */
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void receiver(Parley parley) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        receiver.start();
        console.logOut(parley);
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
        ((ExecutorService) receiver.getExecutor()).shutdownNow();
    }

    String url(String name) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + name;
    }

    @Test
    void anAdminAddsAnEndpointWatchesDeliveriesRedeliversAndDeletesIt(Parley parley) {
        WebDriver driver = console.driver();
        String url = url(UUID.randomUUID().toString());
        console.login(parley);
        console.click(testId("nav-webhooks"));
        console.browser().waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/webhooks.xhtml"));

        type(By.id("editor:url"), "ftp://x");
        console.click(By.cssSelector("input[name='editor:events'][value='message.created']"));
        console.click(By.id("editor:save"));
        console.browser()
                .waiting(WAIT)
                .until(d -> !d.findElements(testId("error-url")).isEmpty()
                        && d.findElement(testId("error-url")).getText().contains("http"));
        assertThat(parley.count("select count(*) from webhook_endpoint where url = 'ftp://x'"))
                .as("a refused endpoint writes nothing")
                .isZero();
        assertThat(driver.findElements(testId("secret"))).isEmpty();

        type(By.id("editor:url"), url);
        console.click(By.id("editor:save"));
        String secret = console.text("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(parley.rows("select events, secret, enabled from webhook_endpoint where url = ?", url))
                .containsExactly(List.of(",message.created,", secret, true));
        long endpoint = Long.parseLong(row(url).getDomAttribute("data-id"));
        console.browser().assertNoSeriousAxeViolations("webhooks page showing a new endpoint's secret", false);

        driver.get(parley.uri("admin/webhooks.xhtml").toString());
        console.browser().waiting(WAIT).until(d -> row(url) != null);
        assertThat(driver.getPageSource()).as("the secret is shown once").doesNotContain(secret);

        try {
            row(url).findElement(testId("show-deliveries")).click();
            console.browser()
                    .waiting(WAIT)
                    .until(d -> d.getCurrentUrl().contains("endpoint=" + endpoint)
                            && !d.findElements(testId("deliveries")).isEmpty());

            Visitor visitor = parley.widget().newVisitor();
            Reply started = parley.widget()
                    .start(
                            visitor,
                            UUID.randomUUID().toString(),
                            WidgetClient.form("Console Hook", "console-hook@example.com", "First"));
            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            String first = refreshUntil(d -> d.getDomAttribute("data-status").equals("DELIVERED"));
            WebElement delivered = delivery(first);
            assertThat(delivered.findElement(testId("delivery-code")).getText()).isEqualTo("200");
            assertThat(received).containsExactly(first);

            answer.set(500);
            visitorWrites(parley, visitor, started.id(), "Refused at first");
            String refused = refreshUntil(d -> !first.equals(d.getDomAttribute("data-event-id"))
                    && d.findElement(testId("delivery-code")).getText().startsWith("500"));
            assertThat(delivery(refused).getDomAttribute("data-status")).isIn("PENDING", "DELIVERING");
            console.browser().assertNoSeriousAxeViolations("webhooks page with an endpoint's deliveries", false);
            console.browser().screenshot(SCREENSHOTS.resolve("console-webhooks-deliveries.png"));

            answer.set(200);
            console.browser()
                    .waiting(WAIT)
                    .ignoring(StaleElementReferenceException.class)
                    .ignoring(WebDriverException.class)
                    .until(d -> {
                        WebElement row = delivery(refused);
                        if (!"DELIVERING".equals(row.getDomAttribute("data-status"))) {
                            row.findElement(testId("redeliver")).click();
                        }
                        return true;
                    });
            refreshUntil(d -> refused.equals(d.getDomAttribute("data-event-id"))
                    && "DELIVERED".equals(d.getDomAttribute("data-status"))
                    && d.findElement(testId("delivery-code")).getText().startsWith("200"));
            assertThat(received.stream().filter(refused::equals).count())
                    .as("the refused event came again with the same webhook-id")
                    .isGreaterThanOrEqualTo(2);
            assertThat(received.stream().filter(first::equals).count()).isEqualTo(1);
        } finally {
            driver.get(parley.uri("admin/webhooks.xhtml").toString());
            console.browser().waiting(WAIT).until(d -> row(url) != null);
            row(url).findElement(testId("delete")).click();
            console.browser()
                    .waiting(WAIT)
                    .until(d -> !d.findElements(testId("confirm-delete")).isEmpty());
            assertThat(console.text("confirm-delete")).contains(url);
            assertThat(parley.count("select count(*) from webhook_endpoint where id = ?", endpoint))
                    .as("nothing is deleted before the confirmation")
                    .isOne();
            console.browser().assertNoSeriousAxeViolations("webhooks page asking to confirm a delete", false);
            console.click(By.id("list:confirm"));
            console.browser().waiting(WAIT).until(d -> row(url) == null);
        }
        assertThat(parley.count("select count(*) from webhook_endpoint where id = ?", endpoint))
                .isZero();
        assertThat(parley.count("select count(*) from webhook_delivery where endpoint_id = ?", endpoint))
                .isZero();
        assertThat(parley.rows(
                        "select action from audit_event where action in ('webhook.create', 'webhook.delete')"
                                + " and detail like ? order by id",
                        "endpoint " + endpoint + " %"))
                .containsExactly(List.of("webhook.create"), List.of("webhook.delete"));
    }

    @Test
    void anEndpointDisabledByFailuresAlertsEveryAdminUntilEnabledAgain(Parley parley) {
        answer.set(500);
        String url = url(UUID.randomUUID().toString());
        Reply created = parley.agent()
                .post(
                        "webhooks",
                        Json.createObjectBuilder()
                                .add("url", url)
                                .add("events", Json.createArrayBuilder().add("message.created"))
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long endpoint = created.id();
        try {
            for (int i = 0; i < 5; i++) {
                Reply started = parley.widget()
                        .start(
                                parley.widget().newVisitor(),
                                UUID.randomUUID().toString(),
                                WidgetClient.form(
                                        "Failing Hook " + i, "failing-hook-" + i + "@example.com", "Hello " + i));
                assertThat(started.status()).as(started.toString()).isEqualTo(201);
            }
            // five deliveries in a row given up (after the test server's 20 s retry span) disable the endpoint
            await().atMost(Duration.ofSeconds(90))
                    .until(() ->
                            parley.count("select count(*) from webhook_endpoint where id = ? and not enabled", endpoint)
                                    == 1);

            console.login(parley);
            assertThat(console.text("webhook-alert")).contains("disabled because deliveries kept failing");
            console.browser().assertNoSeriousAxeViolations("workspace with the webhook alert", false);
            console.click(testId("webhook-alert-link"));
            console.browser().waiting(WAIT).until(d -> row(url) != null);
            assertThat(row(url).findElement(testId("endpoint-state")).getText())
                    .contains("disabled")
                    .contains("failed");
            assertThat(row(url).findElement(testId("endpoint-failures")).getText())
                    .isEqualTo("5");
            console.browser().screenshot(SCREENSHOTS.resolve("console-webhooks-disabled.png"));
            console.browser().assertNoSeriousAxeViolations("webhooks page with a disabled endpoint", false);

            row(url).findElement(testId("enable")).click();
            console.browser()
                    .waiting(WAIT)
                    .until(d -> row(url) != null
                            && row(url).findElement(testId("endpoint-state"))
                                    .getText()
                                    .startsWith("enabled"));
            assertThat(console.driver().findElements(testId("webhook-alert")))
                    .as("no endpoint is left disabled by failures")
                    .isEmpty();
            assertThat(parley.rows("select enabled, consecutive_failures from webhook_endpoint where id = ?", endpoint))
                    .containsExactly(List.of(true, 0));
        } finally {
            parley.agent().delete("webhooks/" + endpoint);
        }
    }

    @Test
    void anAgentGetsNoWebhookForms(Parley parley) {
        String name = "hooks-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(parley.agent()
                        .post(
                                "agents",
                                "{\"username\":\"" + name + "\",\"displayName\":\"Reader\",\"password\":\"" + PASSWORD
                                        + "\",\"role\":\"AGENT\"}")
                        .status())
                .isEqualTo(201);
        console.login(parley, name, PASSWORD);
        assertThat(console.driver().findElements(testId("nav-webhooks"))).isEmpty();
        console.driver().get(parley.uri("admin/webhooks.xhtml").toString());
        assertThat(console.text("admins-only")).contains("Only admins");
        assertThat(console.driver().findElements(By.id("editor:url"))).isEmpty();
        assertThat(console.driver().findElements(testId("endpoints"))).isEmpty();
        console.browser().assertNoSeriousAxeViolations("webhooks page of an agent", false);
    }

    /**
     * Clicks Refresh until a delivery row matches; answers its event id. Refresh loads a new page: rows found
     * in the old one may be gone by the time they are read (Chromium then answers "node does not belong to the
     * document", a plain WebDriverException), and the next round reads the new page.
     */
    private String refreshUntil(java.util.function.Predicate<WebElement> wanted) {
        return console.browser()
                .waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(WebDriverException.class)
                .until(d -> {
                    d.findElement(By.id("deliveries:refresh")).click();
                    return d.findElements(testId("delivery-row")).stream()
                            .filter(wanted)
                            .map(row -> row.getDomAttribute("data-event-id"))
                            .findFirst()
                            .orElse(null);
                });
    }

    private WebElement delivery(String eventId) {
        return console.driver()
                .findElement(By.cssSelector("[data-testid=delivery-row][data-event-id='" + eventId + "']"));
    }

    private WebElement row(String url) {
        return console.driver().findElements(testId("endpoint-row")).stream()
                .filter(r -> url.equals(r.getDomAttribute("data-url")))
                .findFirst()
                .orElse(null);
    }

    private void type(By field, String text) {
        WebElement input = console.driver().findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    private static void visitorWrites(Parley parley, Visitor visitor, long conversation, String content) {
        Reply posted = parley.widget()
                .post(
                        "conversations/" + conversation + "/messages",
                        visitor.token(),
                        Map.of(),
                        Json.createObjectBuilder()
                                .add("content", content)
                                .build()
                                .toString());
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    }
}
