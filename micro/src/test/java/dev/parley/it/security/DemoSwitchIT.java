package dev.parley.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Production sets {@code PARLEY_DEMO_ENABLED=false}: the demo website and the OpenAPI document answer
 * 404, while the widget script and the visitor API stay. One node on the embedded default database.
 */
class DemoSwitchIT {

    static Parley parley;

    @BeforeAll
    static void boot() {
        parley = ParleyServer.boot(new ParleyServer.Node(
                "it-demo-off", 0, null, List.of(), List.of("--nohazelcast"), Map.of("PARLEY_DEMO_ENABLED", "false")));
    }

    @AfterAll
    static void stop() {
        if (parley != null) {
            parley.stop();
        }
    }

    @Test
    void withTheDemoSwitchedOffTheDemoAndOpenApiAreNotFound() throws Exception {
        assertThat(status("chat/demo")).isEqualTo(404);
        assertThat(status("chat/demo?identity=alice")).isEqualTo(404);
        assertThat(status("openapi")).isEqualTo(404);
        assertThat(status("chat/sdk.js")).isEqualTo(200);
        assertThat(status("chat/api/v1/conversations")).isEqualTo(401);
    }

    static int status(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(parley.uri(path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
