package dev.parley.it.widget;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;

/**
 * The visitor context as an agent meets it: a visitor starts a chat on the demo website in headless
 * Chromium, the page moves on as a single-page app does (history.pushState, a new title), and the agent
 * API shows the page the visitor is on now, without the URL's fragment.
 */
@ExtendWith(ParleyServer.class)
class VisitorContextBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(45);

    static Browser browser;
    static Parley parley;
    static AgentClient agent;

    @BeforeAll
    static void startBrowser(Parley server) {
        browser = Browser.start();
        parley = server;
        agent = server.agent();
        browser.reset(server.uri("chat/sdk.js").toString());
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theAgentSeesThePageASinglePageAppNavigatedTo() {
        browser.driver().get(parley.uri("chat/demo").toString());
        SearchContext widget = browser.waiting(WAIT)
                .until(d -> d.findElement(By.cssSelector("parley-widget")).getShadowRoot());
        widget.findElement(testId("launcher")).click();
        widget.findElement(testId("name")).sendKeys("Sol");
        widget.findElement(testId("email")).sendKeys("sol@example.com");
        widget.findElement(testId("message")).sendKeys("Which mug is dishwasher safe?");
        widget.findElement(testId("start")).click();
        browser.waiting(WAIT).until(d -> "open".equals(browser.js("return window.Parley.state()")));
        long conversationId =
                ((Number) Objects.requireNonNull(browser.js("return window.Parley.conversationId()"))).longValue();
        String demoTitle = browser.driver().getTitle();

        JsonObject atStart =
                awaitContext(conversationId, parley.uri("chat/demo").toString());
        assertThat(atStart.getString("title")).isEqualTo(demoTitle);
        assertThat(atStart.getString("language")).isNotBlank();
        assertThat(atStart.getString("timeZone")).isNotBlank();
        assertThat(atStart.getString("browser")).contains("Chrome");

        browser.js("history.pushState({ mug: 'blue' }, '', '/chat/demo/mugs/blue?size=large#reviews');"
                + " document.title = 'Blue mug';");

        JsonObject navigated = awaitContext(
                conversationId, parley.uri("chat/demo/mugs/blue?size=large").toString());
        assertThat(navigated.getString("title")).isEqualTo("Blue mug");
        assertThat((String) browser.js("return location.hash"))
                .as("the page's own navigation")
                .isEqualTo("#reviews");
    }

    JsonObject awaitContext(long conversationId, String url) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> agent.get("conversations/" + conversationId)
                                .json()
                                .getJsonObject("contact")
                                .getJsonObject("context"),
                        context -> context != null && url.equals(context.getString("url")));
    }
}
