package dev.parley.it.console;

import static dev.parley.it.support.Browser.testId;

import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

/**
 * An agent at the console in one test class's browser (register it as a static extension: it starts
 * the browser before the class and closes it after): logging in and out, and the reads and clicks
 * that survive a live update re-rendering the element under the test.
 */
final class ConsoleSession implements BeforeAllCallback, AfterAllCallback {

    static final Duration WAIT = Duration.ofSeconds(30);

    private Browser browser;
    private WebDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) {
        browser = Browser.start();
        driver = browser.driver();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
        }
    }

    Browser browser() {
        return browser;
    }

    WebDriver driver() {
        return driver;
    }

    /** No session: the next page asks for a login. */
    void logOut(Parley parley) {
        driver.get(parley.uri("admin/login.xhtml").toString());
        driver.manage().deleteAllCookies();
    }

    /** Logs in as the admin and waits for the page the login lands on. */
    void login(Parley parley) {
        login(parley, ParleyServer.ADMIN_USER, ParleyServer.ADMIN_PASSWORD);
    }

    void login(Parley parley, String user, String password) {
        driver.get(parley.uri("admin/login.xhtml").toString());
        submitLogin(user, password);
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("current-agent")).isEmpty());
    }

    void submitLogin(String user, String password) {
        WebElement username = driver.findElement(By.id("login:username"));
        username.clear();
        username.sendKeys(user);
        driver.findElement(By.id("login:password")).sendKeys(password);
        click(By.id("login:submit"));
    }

    /** Waits until the page's push socket is connected. */
    void live() {
        browser.waiting(WAIT)
                .until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
    }

    /** Clicks once the element is there and not being re-rendered by a live update. */
    void click(By element) {
        browser.waiting(WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(element).click();
            return true;
        });
    }

    /** Narrows the workspace list to what matches {@code text} and waits until it shows nothing else. */
    void search(String text) {
        WebElement query = driver.findElement(By.id("listFilter:query"));
        query.clear();
        query.sendKeys(text);
        click(By.id("listFilter:search"));
        browser.waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(testId("list-item")).stream()
                        .allMatch(item -> item.getText().contains(text)));
    }

    /** Opens a conversation from the workspace list, as a click on its row does. */
    void open(long id) {
        click(By.cssSelector("[data-testid=list-item][data-id='" + id + "'] a"));
        awaitOpen(id);
    }

    void awaitOpen(long id) {
        browser.waiting(WAIT)
                .withMessage("conversation " + id + " open")
                .ignoring(StaleElementReferenceException.class)
                .until(d ->
                        String.valueOf(id).equals(d.findElement(By.id("header")).getDomAttribute("data-conversation"))
                                && String.valueOf(id)
                                        .equals(d.findElement(By.id("timeline")).getDomAttribute("data-conversation")));
    }

    /** An attribute of the element, read again when a live update re-rendered it (as {@link #text}). */
    String attribute(String testId, String name) {
        return browser.waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> String.valueOf(d.findElement(testId(testId)).getDomAttribute(name)));
    }

    /**
     * The element's text, read again when a live update re-rendered the element between finding and
     * reading it (Chromium then answers "node does not belong to the document").
     */
    String text(String testId) {
        return browser.waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(WebDriverException.class)
                .until(d -> d.findElement(testId(testId)).getText().strip());
    }
}
