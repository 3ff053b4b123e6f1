package dev.parley.it.console;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Verified visitors in the console, in headless Chromium: the list and the conversation page mark a
 * verified visitor (in words, with the identifier), the conversation page lists the visitor's devices
 * and an admin revokes one after a confirmation; the inbox page shows the identity mode and the secret
 * only when asked. Axe runs on both pages.
 */
@ExtendWith(ParleyServer.class)
class ConsoleIdentityBrowserIT {

    static final Duration WAIT = ConsoleSession.WAIT;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

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
    void anAdminSeesAVerifiedVisitorsDevicesAndRevokesOne(Parley parley) {
        WidgetClient widget = parley.widget();
        String user = "console-" + UUID.randomUUID();
        String email = user + "@example.com";
        Visitor laptop = widget.verifiedVisitor(user);
        Visitor phone = widget.verifiedVisitor(user);
        long id = widget.start(laptop, "k", WidgetClient.form("Vera", email, "Hello from my laptop"))
                .id();
        console.login(parley);

        driver.get(parley.uri("admin/conversations.xhtml?email=" + email).toString());
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("conversation-row")).isEmpty());
        WebElement row = driver.findElement(testId("conversation-row"));
        assertThat(row.findElement(testId("verified")).getText()).contains("verified");

        driver.get(parley.uri("admin/conversation.xhtml?id=" + id).toString());
        browser.waiting(WAIT).until(d -> !d.findElements(testId("device-row")).isEmpty());
        assertThat(driver.findElement(testId("verified")).getText()).contains("verified identity");
        assertThat(driver.findElement(testId("verified-identifier")).getText()).isEqualTo(user);
        assertThat(states()).containsExactly("active", "active");
        browser.assertNoSeriousAxeViolations("console conversation page of a verified visitor", false);

        driver.findElements(testId("revoke-device")).get(0).click();
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("confirm-revoke")).isEmpty());
        assertThat(driver.findElement(testId("confirm-revoke")).getText()).contains("signed out at once");
        assertThat(widget.get("conversations", laptop.token()).status())
                .as("nothing is revoked before the confirmation")
                .isEqualTo(200);
        console.click(By.id("devices:confirmRevoke"));
        browser.waiting(WAIT).until(d -> states().equals(List.of("revoked", "active")));
        assertThat(driver.findElement(testId("messages")).getText()).contains("was revoked");
        browser.screenshot(SCREENSHOTS.resolve("console-devices.png"));

        assertThat(widget.get("conversations", laptop.token()).status()).isEqualTo(401);
        assertThat(widget.get("conversations", phone.token()).status()).isEqualTo(200);
        assertThat(driver.findElements(testId("revoke-device"))).hasSize(1);
    }

    @Test
    void theInboxPageShowsTheModeAndTheSecretOnlyWhenAsked(Parley parley) {
        console.login(parley);
        driver.get(parley.uri("admin/inbox.xhtml").toString());
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("identity-mode")).isEmpty());
        assertThat(driver.findElement(testId("identity-mode")).getText()).isEqualTo("optional");
        assertThat(driver.findElement(testId("identity-state")).getText()).contains("a secret is set");
        assertThat(driver.getPageSource()).doesNotContain(ParleyServer.IDENTITY_SECRET);
        assertThat(driver.findElements(testId("identity-secret"))).isEmpty();
        browser.assertNoSeriousAxeViolations("console inbox page", false);

        console.click(By.id("identity:reveal"));
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("identity-secret")).isEmpty());
        WebElement secret = driver.findElement(testId("identity-secret"));
        assertThat(secret.getAttribute("value")).isEqualTo(ParleyServer.IDENTITY_SECRET);
        assertThat(secret.getAttribute("readonly")).isNotNull();
        browser.assertNoSeriousAxeViolations("console inbox page with the secret shown", false);
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'inbox.identity-secret' and outcome = 'revealed'"
                                + " and actor = ?",
                        "agent:" + ParleyServer.ADMIN_USER))
                .isPositive();

        console.click(By.id("identity:rotate"));
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("confirm-rotation")).isEmpty());
        assertThat(driver.findElement(testId("confirm-rotation")).getText()).contains("refused from now on");
        assertThat(driver.findElements(testId("identity-secret")))
                .as("asking to rotate hides the shown secret")
                .isEmpty();
        console.click(By.id("identity:cancelRotate"));
        browser.waiting(WAIT)
                .until(d -> d.findElements(testId("confirm-rotation")).isEmpty());
        assertThat(parley.count(
                        "select count(*) from inbox where website_token = ? and identity_secret = ?",
                        ParleyServer.WEBSITE_TOKEN,
                        ParleyServer.IDENTITY_SECRET))
                .as("cancelled: the default inbox keeps its secret")
                .isEqualTo(1);
        driver.get(parley.uri("admin/inbox.xhtml").toString());
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("identity-mode")).isEmpty());
        assertThat(driver.getPageSource()).doesNotContain(ParleyServer.IDENTITY_SECRET);
    }

    private List<String> states() {
        return driver.findElements(testId("device-row")).stream()
                .map(r -> r.getAttribute("data-state"))
                .toList();
    }
}
