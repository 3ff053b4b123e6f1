package dev.parley.it.agent;

import static dev.parley.it.support.Browser.testId;
import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Personal access tokens and agent accounts over the agent API: a token is shown once, stored as
 * a hash, works as Bearer, lists its last use, and is dead the moment it is revoked; a disabled
 * agent is locked out at once, on the API (token and Basic) and in an open console session.
 */
@ExtendWith(ParleyServer.class)
class AgentTokensIT {

    static final String PASSWORD = "agent-password-123";
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aTokenIsCreatedUsedListedAndRevokedAtOnce(Parley parley) {
        String name = agent(parley, "tok");
        AgentClient basic = parley.agent(name, PASSWORD);

        Reply created = basic.post("tokens", "{\"name\":\"crm\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.json().getString("token");
        long id = created.json().getJsonNumber("id").longValue();
        assertThat(token).matches("pat_[A-Za-z0-9_-]{43}");
        assertThat(created.json().getString("name")).isEqualTo("crm");
        assertThat(created.json().getString("createdAt")).isNotBlank();
        assertThat(parley.count("select count(*) from agent_token where token_hash = ?", sha256(token)))
                .as("stored as SHA-256 only")
                .isEqualTo(1);

        AgentClient bearer = AgentClient.bearer(api(parley), token);
        Reply me = bearer.get("agents/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().getString("username")).isEqualTo(name);

        Reply list = basic.get("tokens");
        JsonObject listed = list.array().getJsonObject(0);
        assertThat(list.array()).hasSize(1);
        assertThat(listed.getJsonNumber("id").longValue()).isEqualTo(id);
        assertThat(listed.getString("lastUsedAt")).isNotBlank();
        assertThat(listed.containsKey("token")).isFalse();
        assertThat(list.body()).doesNotContain(token);

        Reply othersDelete = parley.agent().delete("tokens/" + id);
        assertProblem(othersDelete, 404, "urn:parley:problem:not-found");
        assertThat(bearer.get("agents/me").status()).isEqualTo(200);

        assertThat(basic.delete("tokens/" + id).status()).isEqualTo(204);
        assertProblem(bearer.get("agents/me"), 401, "urn:parley:problem:unauthorized");
        assertThat(basic.get("tokens").array()).isEmpty();
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'agent.token' and actor = ?", "agent:" + name))
                .isEqualTo(2);
    }

    @Test
    void badTokensAreA401AndNoTokenNameIsA400(Parley parley) {
        assertProblem(
                AgentClient.bearer(api(parley), "pat_" + "A".repeat(43)).get("agents/me"),
                401,
                "urn:parley:problem:unauthorized");
        assertProblem(
                AgentClient.bearer(api(parley), "not-a-token").get("agents/me"),
                401,
                "urn:parley:problem:unauthorized");
        assertProblem(parley.agent().post("tokens", "{}"), 400, "urn:parley:problem:invalid-request");
        assertProblem(
                parley.agent().post("tokens", "{\"name\":\"" + "n".repeat(101) + "\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertProblem(parley.agent().delete("tokens/abc"), 404, "urn:parley:problem:not-found");
    }

    @Test
    void aDisabledAgentIsLockedOutAtOnceOnTheApiAndInItsConsoleSession(Parley parley) {
        Browser.assumeAvailable();
        String name = agent(parley, "gone");
        long id = parley.agent(name, PASSWORD)
                .get("agents/me")
                .json()
                .getJsonNumber("id")
                .longValue();
        AgentClient bearer = parley.agent(name, PASSWORD).withNewToken(api(parley), "script");
        assertThat(bearer.get("conversations?size=1").status()).isEqualTo(200);

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.get(parley.uri("admin/login.xhtml").toString());
            driver.findElement(By.id("login:username")).sendKeys(name);
            driver.findElement(By.id("login:password")).sendKeys(PASSWORD);
            driver.findElement(By.id("login:submit")).click();
            browser.waiting(WAIT)
                    .until(d -> !d.findElements(testId("current-agent")).isEmpty());

            Reply disabled = parley.agent().patch("agents/" + id, "{\"enabled\":false}");
            assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
            assertThat(disabled.json().getBoolean("enabled")).isFalse();

            assertProblem(bearer.get("conversations?size=1"), 401, "urn:parley:problem:unauthorized");
            assertProblem(
                    parley.agent(name, PASSWORD).get("conversations?size=1"), 401, "urn:parley:problem:unauthorized");
            driver.get(parley.uri("admin/index.xhtml").toString());
            browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
            driver.get(parley.uri("admin/agents.xhtml").toString());
            browser.waiting(WAIT).until(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
        }
        assertThat(parley.count(
                        "select count(*) from audit_event where action = 'agent.update' and detail = ?",
                        name + ": disabled"))
                .isEqualTo(1);

        assertThat(parley.agent().patch("agents/" + id, "{\"enabled\":true}").status())
                .isEqualTo(200);
        assertThat(bearer.get("conversations?size=1").status())
                .as("enabled again")
                .isEqualTo(200);
    }

    @Test
    void agentsManageOnlyThemselvesAndAdminsManageEveryone(Parley parley) {
        String name = agent(parley, "self");
        AgentClient self = parley.agent(name, PASSWORD);
        long id = self.get("agents/me").json().getJsonNumber("id").longValue();
        long adminId =
                parley.agent().get("agents/me").json().getJsonNumber("id").longValue();

        assertThat(self.get("agents").array()).hasSize(1);
        assertThat(parley.agent().get("agents").array().size()).isGreaterThan(1);
        assertProblem(self.get("agents/" + adminId), 404, "urn:parley:problem:not-found");
        assertProblem(self.patch("agents/" + id, "{\"role\":\"ADMIN\"}"), 403, "urn:parley:problem:forbidden");
        assertProblem(
                self.put("agents/" + id + "/password", "{\"password\":\"another-password-1\"}"),
                403,
                "urn:parley:problem:forbidden");
        assertThat(self.patch("agents/" + id, "{\"displayName\":\"Self Renamed\"}")
                        .json()
                        .getString("displayName"))
                .isEqualTo("Self Renamed");

        assertProblem(
                self.put(
                        "agents/me/password", "{\"currentPassword\":\"wrong\",\"newPassword\":\"another-password-1\"}"),
                403,
                "urn:parley:problem:wrong-password");
        assertProblem(
                self.put("agents/me/password", "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"short\"}"),
                400,
                "urn:parley:problem:invalid-request");
        assertThat(self.put(
                                "agents/me/password",
                                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"another-password-1\"}")
                        .status())
                .isEqualTo(204);
        assertProblem(self.get("agents/me"), 401, "urn:parley:problem:unauthorized");
        assertThat(parley.agent(name, "another-password-1").get("agents/me").status())
                .isEqualTo(200);

        assertThat(parley.agent()
                        .put("agents/" + id + "/password", "{\"password\":\"reset-password-12\"}")
                        .status())
                .isEqualTo(204);
        assertThat(parley.agent(name, "reset-password-12").get("agents/me").status())
                .isEqualTo(200);
        Reply promoted = parley.agent().patch("agents/" + id, "{\"role\":\"ADMIN\"}");
        assertThat(promoted.json().getString("role")).isEqualTo("ADMIN");
    }

    static String agent(Parley parley, String purpose) {
        String name = "tok-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = parley.agent()
                .post(
                        "agents",
                        Json.createObjectBuilder()
                                .add("username", name)
                                .add("displayName", "Agent " + purpose)
                                .add("password", PASSWORD)
                                .add("role", "AGENT")
                                .build()
                                .toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return name;
    }

    static URI api(Parley parley) {
        return parley.uri("admin/api/v1/");
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
