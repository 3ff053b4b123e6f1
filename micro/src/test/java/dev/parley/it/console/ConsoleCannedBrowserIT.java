package dev.parley.it.console;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The canned responses page in headless Chromium: an admin adds one (a bad short code first, shown
 * under its field), edits it and deletes it after confirming; an agent sees the list without forms.
 */
@ExtendWith(ParleyServer.class)
class ConsoleCannedBrowserIT {

    static final Duration WAIT = ConsoleSession.WAIT;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String PASSWORD = "agent-password-123";

    @RegisterExtension
    static final ConsoleSession console = new ConsoleSession();

    Browser browser;
    WebDriver driver;

    @BeforeEach
    void loggedOut(Parley parley) {
        browser = console.browser();
        driver = console.driver();
        console.logOut(parley);
    }

    @Test
    void anAdminAddsEditsAndDeletesACannedResponse(Parley parley) {
        String code = "page-" + UUID.randomUUID().toString().substring(0, 8);
        console.login(parley, ParleyServer.ADMIN_USER, ParleyServer.ADMIN_PASSWORD);
        console.click(testId("nav-canned"));
        settled().until(d -> d.getCurrentUrl().contains("/admin/canned.xhtml"));

        type(By.id("editor:shortCode"), "Not A Code");
        type(By.id("editor:title"), "Greeting");
        type(By.id("editor:content"), "Hi {{visitor.firstName}},\nhow can I help?");
        console.click(By.id("editor:save"));
        settled()
                .until(d -> !d.findElements(testId("error-shortCode")).isEmpty()
                        && d.findElement(testId("error-shortCode")).getText().contains("lowercase"));
        assertThat(row(code)).isNull();
        assertThat(driver.findElement(By.id("editor:title")).getAttribute("value"))
                .as("the typed text stays")
                .isEqualTo("Greeting");

        type(By.id("editor:shortCode"), code);
        console.click(By.id("editor:save"));
        settled().until(d -> row(code) != null);
        assertThat(row(code).findElement(testId("canned-content")).getText())
                .isEqualTo("Hi {{visitor.firstName}},\nhow can I help?");
        browser.assertNoSeriousAxeViolations("canned responses page with one added", false);

        row(code).findElement(testId("edit")).click();
        settled()
                .until(d -> code.equals(d.findElement(By.id("editor:shortCode")).getAttribute("value")));
        type(By.id("editor:title"), "Warm greeting");
        console.click(By.id("editor:save"));
        settled().until(d -> {
            WebElement row = row(code);
            return row != null
                    && row.findElement(testId("canned-title")).getText().equals("Warm greeting");
        });
        assertThat(parley.rows("select title, updated_by from canned_response where short_code = ?", code))
                .containsExactly(List.of("Warm greeting", ParleyServer.ADMIN_USER));

        row(code).findElement(testId("delete")).click();
        settled().until(d -> !d.findElements(testId("confirm-delete")).isEmpty());
        assertThat(driver.findElement(testId("confirm-delete")).getText()).contains("/" + code);
        assertThat(row(code)).as("nothing is deleted before the confirmation").isNotNull();
        browser.screenshot(SCREENSHOTS.resolve("console-canned-confirm-delete.png"));
        browser.assertNoSeriousAxeViolations("canned responses page asking to confirm a delete", false);
        console.click(By.id("list:confirm"));
        settled().until(d -> row(code) == null);
        assertThat(parley.count("select count(*) from canned_response where short_code = ?", code))
                .isZero();
        assertThat(parley.rows(
                        "select action from audit_event where action like 'canned.%' and detail like ? order by id",
                        "%/" + code + " %"))
                .containsExactly(List.of("canned.create"), List.of("canned.update"), List.of("canned.delete"));
    }

    @Test
    void anAgentReadsTheCannedResponsesWithoutForms(Parley parley) {
        String code = "seen-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(parley.agent()
                        .post(
                                "canned-responses",
                                "{\"shortCode\":\"" + code + "\",\"title\":\"Seen\",\"content\":\"Read only\"}")
                        .status())
                .isEqualTo(201);
        String name = "canned-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(parley.agent()
                        .post(
                                "agents",
                                "{\"username\":\"" + name + "\",\"displayName\":\"Reader\",\"password\":\"" + PASSWORD
                                        + "\",\"role\":\"AGENT\"}")
                        .status())
                .isEqualTo(201);
        console.login(parley, name, PASSWORD);
        console.click(testId("nav-canned"));
        settled().until(d -> row(code) != null);

        assertThat(driver.findElements(By.id("editor:shortCode"))).isEmpty();
        assertThat(driver.findElements(testId("edit"))).isEmpty();
        assertThat(driver.findElements(testId("delete"))).isEmpty();
        browser.assertNoSeriousAxeViolations("canned responses page of an agent", false);
    }

    private WebElement row(String code) {
        return driver.findElements(testId("canned-row")).stream()
                .filter(r -> code.equals(r.getAttribute("data-code")))
                .findFirst()
                .orElse(null);
    }

    private void type(By field, String text) {
        WebElement input = driver.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    /**
     * A wait that reads the page again when a node it found was replaced meanwhile: the editor and the list are
     * re-rendered by Faces ajax, and Chromium then answers "node does not belong to the document" (a plain
     * WebDriverException) or a stale element, as {@code ConsoleSession.text} does.
     */
    private FluentWait<WebDriver> settled() {
        return browser.waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(WebDriverException.class);
    }
}
