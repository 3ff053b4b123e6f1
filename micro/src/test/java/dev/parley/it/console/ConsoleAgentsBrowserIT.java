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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console's Agents page in headless Chromium: an admin creates an agent and disables it; an
 * agent sees only its own account and its own tokens, and makes a token it sees once.
 */
@ExtendWith(ParleyServer.class)
class ConsoleAgentsBrowserIT {

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
    void anAdminCreatesAnAgentAndDisablesIt(Parley parley) {
        String name = "page-" + UUID.randomUUID().toString().substring(0, 8);
        console.login(parley, ParleyServer.ADMIN_USER, ParleyServer.ADMIN_PASSWORD);
        console.click(testId("nav-agents"));
        browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/agents.xhtml"));

        driver.findElement(By.id("create:username")).sendKeys(name);
        driver.findElement(By.id("create:displayName")).sendKeys("Paula from Support");
        driver.findElement(By.id("create:password")).sendKeys(PASSWORD);
        console.click(By.id("create:submit"));
        browser.waiting(WAIT).until(d -> row(name) != null);
        assertThat(row(name).findElement(testId("agent-state")).getText()).isEqualTo("enabled");
        assertThat(row(name).findElement(testId("agent-role")).getText()).isEqualTo("AGENT");

        row(name).findElement(testId("disable")).click();
        browser.waiting(WAIT).until(d -> {
            WebElement row = row(name);
            return row != null
                    && row.findElement(testId("agent-state")).getText().equals("disabled");
        });
        browser.screenshot(SCREENSHOTS.resolve("console-agents-admin.png"));
        assertThat(parley.count("select count(*) from agent where username = ? and disabled", name))
                .isEqualTo(1);
        assertThat(parley.agent(name, PASSWORD).get("agents/me").status()).isEqualTo(401);
    }

    @Test
    void anAgentSeesOnlyItsOwnAccountAndTokens(Parley parley) {
        String name = "own-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(parley.agent()
                        .post(
                                "agents",
                                "{\"username\":\"" + name + "\",\"displayName\":\"Own\",\"password\":\"" + PASSWORD
                                        + "\",\"role\":\"AGENT\"}")
                        .status())
                .isEqualTo(201);
        console.login(parley, name, PASSWORD);
        driver.get(parley.uri("admin/agents.xhtml").toString());
        browser.waiting(WAIT).until(d -> !d.findElements(testId("agent-row")).isEmpty());

        List<WebElement> rows = driver.findElements(testId("agent-row"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getAttribute("data-username")).isEqualTo(name);
        assertThat(driver.findElements(By.id("create:username")))
                .as("no form to create agents")
                .isEmpty();
        assertThat(driver.findElements(testId("disable"))).isEmpty();
        assertThat(driver.findElements(testId("token-row")))
                .as("the admin's tokens are not shown")
                .isEmpty();

        driver.findElement(By.id("tokens:name")).sendKeys("my script");
        console.click(By.id("tokens:create"));
        browser.waiting(WAIT).until(d -> !d.findElements(testId("new-token")).isEmpty());
        String token = driver.findElement(testId("new-token")).getText().strip();
        assertThat(token).startsWith("pat_");
        assertThat(driver.findElements(testId("token-row"))).hasSize(1);
        browser.screenshot(SCREENSHOTS.resolve("console-agents-agent.png"));
        assertThat(dev.parley.it.support.AgentClient.bearer(parley.uri("admin/api/v1/"), token)
                        .get("agents/me")
                        .json()
                        .getString("username"))
                .isEqualTo(name);

        driver.findElement(testId("revoke")).click();
        browser.waiting(WAIT).until(d -> d.findElements(testId("token-row")).isEmpty());
        assertThat(dev.parley.it.support.AgentClient.bearer(parley.uri("admin/api/v1/"), token)
                        .get("agents/me")
                        .status())
                .isEqualTo(401);
    }

    private WebElement row(String username) {
        return driver.findElements(testId("agent-row")).stream()
                .filter(r -> username.equals(r.getAttribute("data-username")))
                .findFirst()
                .orElse(null);
    }
}
