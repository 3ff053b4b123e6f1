package dev.parley.it.agent;

import static dev.parley.it.support.Browser.testId;
import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import dev.parley.it.support.Reply;
import dev.parley.it.support.TestDatabase;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Login throttling against a server of its own (the shared one runs with throttling relaxed, see
 * {@code ParleyServer}): the shipped PBKDF2 and per-address limit, and an account limit of three
 * failures with locks of 2 s doubling to 4 s, so a test waits seconds for a lock to pass. Also the
 * upgrade of an older hash at login and the last admin, both needing a database of their own.
 */
class LoginThrottlingIT {

    static final int FAILURES = 3;
    static final String PASSWORD = "agent-password-123";
    static final Duration WAIT = Duration.ofSeconds(30);

    static Parley parley;

    @BeforeAll
    static void boot() {
        parley = ParleyServer.boot(new Node(
                "it-login",
                0,
                TestDatabase.create("parley_login"),
                List.of(
                        "-Dparley.login.account-failures=" + FAILURES,
                        "-Dparley.login.first-lock=PT2S",
                        "-Dparley.login.max-lock=PT4S"),
                List.of("--nohazelcast"),
                Map.of()));
    }

    @AfterAll
    static void stop() {
        if (parley != null) {
            parley.stop();
        }
    }

    @Test
    void wrongBasicPasswordsLockTheAccountEvenForTheRightOneUntilTheLockPasses() {
        String name = agent("basic");
        AgentClient wrong = parley.agent(name, "wrong-password-1");
        AgentClient right = parley.agent(name, PASSWORD);

        for (int i = 1; i < FAILURES; i++) {
            assertProblem(wrong.get("agents/me"), 401, "urn:parley:problem:unauthorized");
        }
        Reply locked = wrong.get("agents/me");
        Reply rightButLocked = right.get("agents/me");
        Reply otherAccount = parley.adminBasic().get("agents/me");

        assertProblem(locked, 429, "urn:parley:problem:too-many-requests");
        assertProblem(rightButLocked, 429, "urn:parley:problem:too-many-requests");
        assertThat(Long.parseLong(rightButLocked.header("Retry-After"))).isBetween(1L, 2L);
        assertThat(otherAccount.status())
                .as("a lock on one account never delays another")
                .isEqualTo(200);
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'agent.login' and outcome = 'locked'"
                                + " and detail like ?",
                        "account '" + name + "'%"))
                .isEqualTo(1);
        await("the lock passes")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> right.get("agents/me").status() == 200);
    }

    @Test
    void anUnknownUserIsAnsweredExactlyLikeAKnownOne() {
        String known = agent("known");
        String unknown = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i < FAILURES; i++) {
            Reply knownReply = parley.agent(known, "wrong-password-1").get("agents/me");
            Reply unknownReply = parley.agent(unknown, "wrong-password-1").get("agents/me");
            assertThat(unknownReply.status()).isEqualTo(knownReply.status()).isEqualTo(401);
            assertThat(unknownReply.body()).isEqualTo(knownReply.body());
        }
        Reply knownLocked = parley.agent(known, "wrong-password-1").get("agents/me");
        Reply unknownLocked = parley.agent(unknown, "wrong-password-1").get("agents/me");
        assertThat(unknownLocked.status()).isEqualTo(knownLocked.status()).isEqualTo(429);
        assertThat(unknownLocked.body().replaceAll("[0-9]+ s", "N s"))
                .isEqualTo(knownLocked.body().replaceAll("[0-9]+ s", "N s"));
        assertThat(unknownLocked.header("Retry-After")).isNotNull();
    }

    @Test
    void theConsoleFormIsThrottledWithAClearMessage() {
        Browser.assumeAvailable();
        String name = agent("console");
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.get(parley.uri("admin/login.xhtml").toString());
            for (int i = 1; i < FAILURES; i++) {
                submit(browser, name, "wrong-password-1");
                browser.waiting(WAIT).until(d -> text(d).contains("Wrong user name or password"));
            }
            submit(browser, name, "wrong-password-1");
            browser.waiting(WAIT).until(d -> text(d).contains("Too many attempts — try again in"));
            submit(browser, name, PASSWORD);
            browser.waiting(WAIT).until(d -> text(d).contains("Too many attempts — try again in"));
            assertThat(driver.findElements(testId("current-agent"))).isEmpty();

            await("the lock passes")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> {
                        submit(browser, name, PASSWORD);
                        browser.waiting(WAIT)
                                .until(d ->
                                        !d.findElements(testId("current-agent")).isEmpty()
                                                || text(d).contains("Too many attempts"));
                        return !driver.findElements(testId("current-agent")).isEmpty();
                    });
            assertThat(driver.findElement(testId("current-agent")).getText()).isEqualTo(name);
        }
    }

    @Test
    void anOlderHashIsUpgradedAtTheNextSuccessfulLogin() throws GeneralSecurityException {
        String name = "old-" + UUID.randomUUID().toString().substring(0, 8);
        parley.execute(
                "insert into agent (username, display_name, password_hash, role, created_at)"
                        + " values (?, 'Old Hash', ?, 'AGENT', now())",
                name,
                pbkdf2(PASSWORD, 100_000));

        assertThat(parley.agent(name, PASSWORD).get("agents/me").status()).isEqualTo(200);

        assertThat(parley.rows("select password_hash from agent where username = ?", name)
                        .get(0)
                        .get(0)
                        .toString())
                .startsWith("PBKDF2WithHmacSHA256:600000:");
        assertThat(parley.agent(name, PASSWORD).get("agents/me").status()).isEqualTo(200);
    }

    @Test
    void theLastEnabledAdminCanBeNeitherDemotedNorDisabled() {
        long adminId =
                parley.agent().get("agents/me").json().getJsonNumber("id").longValue();
        long before = parley.count("select count(*) from agent where role = 'ADMIN' and not disabled");
        if (before != 1) {
            return;
        }
        assertProblem(
                parley.agent().patch("agents/" + adminId, "{\"role\":\"AGENT\"}"),
                409,
                "urn:parley:problem:last-admin");
        assertProblem(
                parley.agent().patch("agents/" + adminId, "{\"enabled\":false}"), 409, "urn:parley:problem:last-admin");
        assertThat(parley.count("select count(*) from agent where role = 'ADMIN' and not disabled"))
                .isEqualTo(1);
    }

    @Test
    void passwordsShorterThanTwelveCharactersAreRefused() {
        Reply refused = parley.agent()
                .post(
                        "agents",
                        Json.createObjectBuilder()
                                .add(
                                        "username",
                                        "short-" + UUID.randomUUID().toString().substring(0, 8))
                                .add("displayName", "Short")
                                .add("password", "elevenchars")
                                .add("role", "AGENT")
                                .build()
                                .toString());
        assertProblem(refused, 400, "urn:parley:problem:invalid-request");
    }

    private static String agent(String purpose) {
        String name = "thr-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = parley.agent()
                .post(
                        "agents",
                        Json.createObjectBuilder()
                                .add("username", name)
                                .add("displayName", "Throttled " + purpose)
                                .add("password", PASSWORD)
                                .add("role", "AGENT")
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return name;
    }

    private static void submit(Browser browser, String user, String password) {
        WebDriver driver = browser.driver();
        if (!driver.getCurrentUrl().contains("/admin/login.xhtml")) {
            driver.get(parley.uri("admin/login.xhtml").toString());
        }
        browser.waiting(WAIT)
                .until(d -> !d.findElements(By.id("login:username")).isEmpty());
        driver.findElement(By.id("login:username")).clear();
        driver.findElement(By.id("login:username")).sendKeys(user);
        driver.findElement(By.id("login:password")).clear();
        driver.findElement(By.id("login:password")).sendKeys(password);
        driver.findElement(By.id("login:submit")).click();
    }

    private static String text(WebDriver driver) {
        return driver.findElements(testId("messages")).isEmpty()
                ? ""
                : driver.findElement(testId("messages")).getText();
    }

    static String pbkdf2(String password, int iterations) throws GeneralSecurityException {
        byte[] salt = "parley-older-16b".getBytes(StandardCharsets.US_ASCII);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                .getEncoded();
        return "PBKDF2WithHmacSHA256:" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash);
    }
}
