package dev.parley.it.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.IdleWidgets;
import dev.parley.bench.Result;
import dev.parley.bench.Scenarios;
import dev.parley.bench.Sockets;
import dev.parley.bench.Visitors;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A few seconds of every benchmark scenario (bench/run runs them for real), so the harness keeps
 * working. It checks counts and correctness, never a time.
 */
@ExtendWith(ParleyServer.class)
class BenchSmokeIT {

    @Test
    void theBenchmarkScenariosRunAndCountRight(Parley parley) throws Exception {
        Visitors visitors = new Visitors(parley.base(), ParleyServer.WEBSITE_TOKEN);
        Scenarios scenarios = new Scenarios(visitors);

        Result starts = scenarios.newVisitorStarts(4, Duration.ofSeconds(2));
        Scenarios.Storm oneKey = scenarios.duplicateStorm(50, true);
        Scenarios.Storm manyKeys = scenarios.duplicateStorm(50, false);
        Result messages = scenarios.visitorMessages(2, Duration.ofSeconds(2));
        Result delivery =
                new Sockets(visitors).replyDelivery(10, 10, ParleyServer.ADMIN_USER, ParleyServer.ADMIN_PASSWORD);

        assertThat(starts.failed()).isZero();
        assertThat(starts.ok()).isPositive();
        assertThat(oneKey.conversationIds()).hasSize(1);
        assertThat(oneKey.unmarkedCreations()).isEqualTo(1);
        assertThat(oneKey.result().failed()).isZero();
        assertThat(manyKeys.conversationIds()).hasSize(1);
        assertThat(manyKeys.result().ok()).isEqualTo(50);
        assertThat(messages.failed()).isZero();
        assertThat(messages.ok()).isPositive();
        assertThat(delivery.ok()).isEqualTo(10);
        assertThat(delivery.failed()).isZero();
    }

    @Test
    void theLeanIdleWidgetsDoTheWidgetsHandshakeAndGetReady(Parley parley) throws Exception {
        Visitors visitors = new Visitors(parley.base(), ParleyServer.WEBSITE_TOKEN);

        try (IdleWidgets idle = new IdleWidgets(visitors, parley.base())) {
            idle.connect(idle.newVisitors(5, 2), 2);

            assertThat(idle.open())
                    .as("sockets whose hello was answered with ready")
                    .isEqualTo(5);
            assertThat(idle.retried()).isZero();
        }
    }
}
