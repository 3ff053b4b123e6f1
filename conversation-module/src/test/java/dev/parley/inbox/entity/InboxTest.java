package dev.parley.inbox.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InboxTest {

    @Test
    void aNewInboxAllowsEveryOrigin() {
        assertThat(new Inbox("Website", "web_x", Instant.now()).allowsOrigin("https://shop.example"))
                .isTrue();
    }
}
