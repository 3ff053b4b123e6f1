package dev.parley.it.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reads of issue 15's scale scenario use indexes, checked on the plans PostgreSQL really chose for the
 * SQL Parley really sent: a PostgreSQL of its own with auto_explain logging every statement's plan as JSON,
 * a data set of bench/sql/scale.sql's shape (30,000 conversations, 300,000 messages, 15,000 contacts,
 * about 350,000 audit entries: large enough that the planner picks an index on its own, so no
 * {@code enable_seqscan = off}), then the start, a resync, the agent API's list with each filter, the audit
 * search and the console's lists over HTTP, and every plan logged meanwhile read back. No plan may scan a
 * big table sequentially, except the statements in {@link #KNOWN_FULL_SCANS}, each with the reason; the
 * test also fails when one of those stops scanning, so the list only ever shrinks.
 */
class QueryPlansIT {

    private static final Set<String> BIG_TABLES =
            Set.of("conversation", "message", "contact", "audit_event", "idempotency_record", "contact_token");

    /** Statements that read a whole big table by nature or for want of a PostgreSQL-only index, and why. */
    private static final Map<Pattern, String> KNOWN_FULL_SCANS = new LinkedHashMap<>();

    static {
        KNOWN_FULL_SCANS.put(
                Pattern.compile("^select count\\(\\w+\\.id\\) from (Conversation|audit_event) \\w+"
                        + "( where \\w+\\.(inbox_id|status)=\\$1| where \\w+\\.action like \\$1 escape '!')?$"),
                "the total of a list (X-Total-Count) whose filter keeps most rows (none, the one inbox, RESOLVED, an"
                        + " action prefix): reading them all is the cheapest plan; the cost is the exact count itself");
        KNOWN_FULL_SCANS.put(
                Pattern.compile("lower\\(\\w+\\.content\\) like"),
                "q: a substring of any message needs a trigram index, which H2 lacks (docs/BENCHMARKS.md)");
        KNOWN_FULL_SCANS.put(
                Pattern.compile("lower\\(\\w+\\.email\\) like"),
                "email: a case-insensitive substring needs a trigram index, which H2 lacks (docs/BENCHMARKS.md)");
    }

    private static final Pattern PLAN_LINE =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\d .*LOG:  duration: [\\d.]+ ms  plan:$");
    private static final Pattern VIEW_STATE =
            Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

    private static Path logs;
    private static EmbeddedPostgres postgres;
    private static Parley parley;

    @BeforeAll
    static void largeDatabaseAndNode() throws Exception {
        logs = Files.createDirectories(Path.of("target", "it-plans", "pg-log").toAbsolutePath());
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("shared_preload_libraries", "auto_explain")
                .setServerConfig("auto_explain.log_min_duration", "0")
                .setServerConfig("auto_explain.log_format", "json")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", logs.toString())
                .setServerConfig("log_filename", "postgresql-%H%M%S.log")
                .start();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE plans");
        }
        parley = ParleyServer.boot(new ParleyServer.Node(
                "it-plans",
                0,
                null,
                List.of(),
                List.of("--nohazelcast"),
                Map.of(
                        "PARLEY_DB_DATASOURCE", "org.postgresql.ds.PGSimpleDataSource",
                        "PARLEY_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/plans",
                        "PARLEY_DB_USER", "postgres",
                        "PARLEY_DB_PASSWORD", "postgres")));
        try (Connection connection = postgres.getDatabase("postgres", "plans").getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(Files.readString(Path.of("..", "bench", "sql", "scale.sql")));
            sql.execute("SET synchronous_commit = off");
            sql.execute("SELECT scale_load(30000, 10)");
            sql.execute("DROP FUNCTION scale_load(integer, integer)");
            sql.execute("VACUUM ANALYZE");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (parley != null) {
            parley.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyReadOfTheScaleScenarioUsesAnIndexOnLargeTables() throws Exception {
        String marker = "plans-" + System.nanoTime();
        explain("SELECT 'begin " + marker + "'");

        WidgetClient widget = parley.widget();
        WidgetClient.Visitor visitor = widget.newVisitor();
        Reply started = widget.start(visitor, "k-" + marker, WidgetClient.form("Ann", "ann@example.com", marker));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        long conversation = started.id();
        long first = started.json()
                .getJsonArray("messages")
                .getJsonObject(0)
                .getJsonNumber("id")
                .longValue();
        assertThat(widget.get("conversations/" + conversation + "/messages?after=" + first, visitor.token())
                        .status())
                .isEqualTo(200);

        AgentClient agent = parley.adminBasic().withNewToken(parley.uri("admin/api/v1/"), "plans");
        List<String> lists = List.of(
                "",
                "status=OPEN",
                "status=RESOLVED",
                "inboxId=1",
                "contactId=" + visitor.contactId(),
                "email=ann%40",
                "hasDuplicates=true",
                "assignee=me",
                "assignee=none",
                "assignee=1",
                "q=" + marker,
                "mineFirst=true");
        for (String filter : lists) {
            Reply page = agent.get("conversations?size=50&" + filter);
            assertThat(page.status()).as(filter + ": " + page).isEqualTo(200);
        }
        String hour = URLEncoder.encode(Instant.now().minusSeconds(3600).toString(), StandardCharsets.UTF_8);
        for (String filter : List.of(
                "",
                "requestId=k-" + marker,
                "conversationId=" + conversation,
                "contactId=" + visitor.contactId(),
                "action=conversation.",
                "from=" + hour)) {
            Reply page = agent.get("audit?size=50&" + filter);
            assertThat(page.status()).as(filter + ": " + page).isEqualTo(200);
        }
        consolePages("admin/conversations.xhtml", "admin/conversations.xhtml?duplicates=true", "admin/audit.xhtml");

        explain("SELECT 'end " + marker + "'");
        List<JsonObject> plans = plansBetween("begin " + marker, "end " + marker);

        Map<String, List<String>> fullScans = new LinkedHashMap<>();
        for (JsonObject plan : plans) {
            String query = plan.getString("Query Text").strip();
            List<String> scanned = new ArrayList<>();
            seqScans(plan.getJsonObject("Plan"), scanned);
            if (!scanned.isEmpty()) {
                fullScans.put(query, scanned);
            }
        }
        assertThat(plans.size()).as("plans logged").isGreaterThan(40);
        Map<String, List<String>> unexplained = fullScans.entrySet().stream()
                .filter(scan -> KNOWN_FULL_SCANS.keySet().stream()
                        .noneMatch(known -> known.matcher(scan.getKey()).find()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        assertThat(unexplained)
                .as("statements that scan a large table sequentially (query -> tables)")
                .isEmpty();
        for (Pattern known : KNOWN_FULL_SCANS.keySet()) {
            assertThat(fullScans.keySet())
                    .as("a known full scan that no longer happens: remove it from KNOWN_FULL_SCANS: " + known)
                    .anyMatch(query -> known.matcher(query).find());
        }
    }

    private static void seqScans(JsonObject node, List<String> scanned) {
        if (node.getString("Node Type").equals("Seq Scan") && BIG_TABLES.contains(node.getString("Relation Name"))) {
            scanned.add(node.getString("Relation Name"));
        }
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            for (JsonValue child : children) {
                seqScans(child.asJsonObject(), scanned);
            }
        }
    }

    private static void explain(String sql) throws Exception {
        try (Connection connection = postgres.getDatabase("postgres", "plans").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The plans auto_explain logged after the statement with {@code begin} and before the one with {@code end}. */
    private static List<JsonObject> plansBetween(String begin, String end) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> logged(begin, end), plans -> plans != null);
    }

    private static List<JsonObject> logged(String begin, String end) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        List<JsonObject> plans = new ArrayList<>();
        boolean inside = false;
        for (int i = 0; i < lines.size(); i++) {
            if (!PLAN_LINE.matcher(lines.get(i)).matches()) {
                continue;
            }
            StringBuilder json = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).matches("^\\d{4}-\\d\\d-\\d\\d .*")) {
                json.append(lines.get(j)).append('\n');
                j++;
            }
            JsonObject plan =
                    Json.createReader(new StringReader(json.toString())).readObject();
            String query = plan.getString("Query Text");
            if (query.contains(begin)) {
                inside = true;
            } else if (query.contains(end)) {
                return inside ? plans : null;
            } else if (inside) {
                plans.add(plan);
            }
            i = j - 1;
        }
        return null;
    }

    /** The console's pages after its form login, as a browser loads them (no script needed for a first page). */
    private static void consolePages(String... paths) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        URI base = parley.base();
        HttpResponse<String> form = http.send(
                HttpRequest.newBuilder(base.resolve("admin/login.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher viewState = VIEW_STATE.matcher(form.body());
        assertThat(viewState.find()).as("login form").isTrue();
        String body = Map.of(
                        "login",
                        "login",
                        "login:username",
                        ParleyServer.ADMIN_USER,
                        "login:password",
                        ParleyServer.ADMIN_PASSWORD,
                        "login:submit",
                        "Log in",
                        "jakarta.faces.ViewState",
                        viewState.group(1))
                .entrySet()
                .stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        http.send(
                HttpRequest.newBuilder(base.resolve("admin/login.xhtml"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (String path : paths) {
            HttpResponse<String> page =
                    http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.uri().getPath()).as(path + " (not the login page)").doesNotContain("login");
        }
    }
}
