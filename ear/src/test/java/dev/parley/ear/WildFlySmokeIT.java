package dev.parley.ear;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The EAR on WildFly 39. */
class WildFlySmokeIT extends EarSmokeContract {

    private static ManagedServer server;

    @BeforeAll
    static void start() {
        server = new WildFlyServer().start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    URI base() {
        return server.baseUri();
    }
}
