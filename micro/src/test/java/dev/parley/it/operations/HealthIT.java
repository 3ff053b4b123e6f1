package dev.parley.it.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A load balancer can ask each node whether it is ready: MicroProfile Health, with the database check. */
@ExtendWith(ParleyServer.class)
class HealthIT {

    @Test
    void aNodeWithItsDatabaseIsReady(Parley parley) {
        HttpRequest ready =
                HttpRequest.newBuilder(parley.uri("health/ready")).GET().build();

        Reply reply = parley.widget().send(ready);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().getString("status")).isEqualTo("UP");
        assertThat(reply.json().getJsonArray("checks").getValuesAs(jakarta.json.JsonObject.class))
                .anySatisfy(check -> {
                    assertThat(check.getString("name")).isEqualTo("database");
                    assertThat(check.getString("status")).isEqualTo("UP");
                });
    }
}
