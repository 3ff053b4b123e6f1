package dev.parley.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.ConsoleHttp;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent API's paging headers: {@code X-Total-Count} exact up to 10,000 matches and left out above, and a
 * {@code Link rel="next"} exactly while rows follow. The 10,001 audit entries are written by SQL (the audit log
 * is the list that grows fastest); their own action prefix keeps the other tests' entries out of the filter.
 */
@ExtendWith(ParleyServer.class)
class ListTotalsIT {

    @Test
    void aListCountsUpToTenThousandExactlyAndLinksToTheNextPage(Parley parley) throws Exception {
        String action = "test.totals." + UUID.randomUUID().toString().substring(0, 8);
        AgentClient admin = parley.agent();
        parley.execute(
                "insert into audit_event (occurred_at, action, outcome, actor) select now() - n * interval '1 second',"
                        + " ?, 'ok', 'test' from generate_series(1, 10001) n",
                action);

        Reply first = admin.get("audit?action=" + action + "&size=200");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.array()).hasSize(200);
        assertThat(first.header("X-Total-Count"))
                .as("more than 10,000 matches: no total")
                .isNull();
        assertThat(nextPage(first)).isEqualTo(next(action, 1));
        Reply fiftieth = admin.get("audit?action=" + action + "&size=200&page=49");
        assertThat(fiftieth.array()).hasSize(200);
        assertThat(fiftieth.header("X-Total-Count")).isNull();
        assertThat(nextPage(fiftieth)).isEqualTo(next(action, 50));
        ConsoleHttp console = ConsoleHttp.loggedIn(parley);
        assertThat(console.page("admin/audit.xhtml?action=" + action + "&page=200"))
                .contains("Page 200 · more than 10,000 entries")
                .containsPattern("<a [^>]*>Older");
        assertThat(console.page("admin/audit.xhtml?action=" + action + "&page=201"))
                .contains("Page 201 · more than 10,000 entries")
                .containsPattern("<span[^>]*>Older");
        Reply last = admin.get("audit?action=" + action + "&size=200&page=50");
        assertThat(last.array()).hasSize(1);
        assertThat(nextPage(last)).as("the last entry: nothing follows").isNull();

        parley.execute("delete from audit_event where id = (select max(id) from audit_event where action = ?)", action);
        Reply exact = admin.get("audit?action=" + action + "&size=200&page=48");
        assertThat(exact.header("X-Total-Count"))
                .as("10,000 matches are counted")
                .isEqualTo("10000");
        assertThat(nextPage(exact)).isEqualTo(next(action, 49));
        Reply end = admin.get("audit?action=" + action + "&size=200&page=49");
        assertThat(end.array()).hasSize(200);
        assertThat(end.header("X-Total-Count")).isEqualTo("10000");
        assertThat(nextPage(end)).isNull();
        assertThat(console.page("admin/audit.xhtml?action=" + action + "&page=200"))
                .contains("Page 200 of 200 · 10000 entries")
                .containsPattern("<span[^>]*>Older");
    }

    @Test
    void theConversationListLinksToItsNextPageWhileConversationsFollow(Parley parley) {
        String tag = "paging" + UUID.randomUUID().toString().substring(0, 8);
        Workforce.chat(parley, "First question " + tag);
        Workforce.chat(parley, "Second question " + tag);
        AgentClient admin = parley.agent();

        Reply first = admin.get("conversations?q=" + tag + "&size=1");
        Reply second = admin.get("conversations?q=" + tag + "&size=1&page=1");

        assertThat(first.header("X-Total-Count")).isEqualTo("2");
        assertThat(nextPage(first)).isEqualTo(Map.of("q", tag, "size", "1", "page", "1"));
        assertThat(second.array()).hasSize(1);
        assertThat(second.header("X-Total-Count")).isEqualTo("2");
        assertThat(nextPage(second)).isNull();
    }

    private static Map<String, String> next(String action, int page) {
        return Map.of("action", action, "size", "200", "page", Integer.toString(page));
    }

    /** The query of the {@code Link rel="next"} reference (relative: only a query), by parameter; null without one. */
    private static Map<String, String> nextPage(Reply reply) {
        String link = reply.header("Link");
        if (link == null) {
            return null;
        }
        Matcher next = Pattern.compile("^<\\?([^>]*)>; rel=\"next\"$").matcher(link);
        assertThat(next.matches()).as(link).isTrue();
        return Arrays.stream(next.group(1).split("&"))
                .map(parameter -> parameter.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }
}
