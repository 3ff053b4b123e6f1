package dev.parley.it.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.ConsoleHttp;
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
import java.net.URLEncoder;
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
 * test also fails when one of those stops scanning, so the list only ever shrinks. The substring searches
 * ({@code q}, {@code email}) must be driven by V16's trigram indexes.
 */
class QueryPlansIT {

    private static final Set<String> BIG_TABLES =
            Set.of("conversation", "message", "contact", "audit_event", "idempotency_record", "contact_token");

    /** Statements that read a whole big table by nature or for want of a PostgreSQL-only index, and why. */
    private static final Map<Pattern, String> KNOWN_FULL_SCANS = new LinkedHashMap<>();

    // empty since the totals stop at 10,000 rows (Total), q and email read trigram indexes (V16) and "has
    // duplicates" a stored flag (V17): a new entry needs its reason

    /** Plan nodes that read their whole input before giving a row. */
    private static final Set<String> READ_WHOLE =
            Set.of("Sort", "Incremental Sort", "Hash", "Materialize", "SetOp", "WindowAgg", "Unique", "Gather Merge");

    private static final Pattern PLAN_LINE =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\d .*LOG:  duration: [\\d.]+ ms  plan:$");

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
                .setServerConfig("auto_explain.log_analyze", "on")
                .setServerConfig("auto_explain.log_timing", "off")
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
                "action=conversation.merge",
                "from=" + hour)) {
            Reply page = agent.get("audit?size=50&" + filter);
            assertThat(page.status()).as(filter + ": " + page).isEqualTo(200);
        }
        consolePages("admin/conversations.xhtml", "admin/conversations.xhtml?duplicates=true", "admin/audit.xhtml");

        explain("SELECT 'end " + marker + "'");
        List<JsonObject> plans = plansBetween("begin " + marker, "end " + marker);

        Map<String, List<String>> fullScans = new LinkedHashMap<>();
        Map<String, Long> tableRows = tableRows();
        for (JsonObject plan : plans) {
            String query = plan.getString("Query Text").strip();
            List<String> scanned = new ArrayList<>();
            seqScans(plan.getJsonObject("Plan"), tableRows, scanned, false);
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
        Map<String, List<String>> substringSearches = Map.of(
                "from conversation_text \\w+ where \\w+\\.text like",
                List.of("message_content_trgm_idx", "contact_name_trgm_idx", "contact_email_trgm_idx"),
                "lower\\(\\w+\\.email\\) like",
                List.of("contact_email_trgm_idx"));
        substringSearches.forEach((condition, trigramIndexes) -> {
            List<JsonObject> searches = plans.stream()
                    .filter(plan -> Pattern.compile(condition)
                            .matcher(plan.getString("Query Text"))
                            .find())
                    .toList();
            assertThat(searches).as("statements with " + condition).isNotEmpty();
            for (JsonObject plan : searches) {
                List<String> used = new ArrayList<>();
                indexes(plan.getJsonObject("Plan"), used);
                assertThat(used)
                        .as("V16's trigram indexes drive " + plan.getString("Query Text"))
                        .containsAll(trigramIndexes);
            }
        });
        for (Pattern known : KNOWN_FULL_SCANS.keySet()) {
            assertThat(fullScans.keySet())
                    .as("a known full scan that no longer happens: remove it from KNOWN_FULL_SCANS: " + known)
                    .anyMatch(query -> known.matcher(query).find());
        }
    }

    /**
     * The big tables {@code node} scans sequentially without a bound. A scan streamed into a Limit (through joins'
     * outer sides, not through a Sort, a Hash, an aggregate or a nested loop's inner side, which read all their
     * input) that really stopped early (read under half the table, by the logged actual counts) is bounded: the
     * probe of a list's total for more than 10,000 matches is one. A probe whose filter keeps few rows reads the
     * whole table and is still reported.
     */
    private static void seqScans(
            JsonObject node, Map<String, Long> tableRows, List<String> scanned, boolean streamedIntoLimit) {
        String type = node.getString("Node Type");
        if (type.equals("Seq Scan") && BIG_TABLES.contains(node.getString("Relation Name"))) {
            String table = node.getString("Relation Name");
            boolean stoppedEarly = streamedIntoLimit && 2 * rowsRead(node) < tableRows.get(table);
            if (!stoppedEarly) {
                scanned.add(table);
            }
        }
        boolean bounded = type.equals("Limit")
                || (streamedIntoLimit && !READ_WHOLE.contains(type) && !type.endsWith("Aggregate"));
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            for (int i = 0; i < children.size(); i++) {
                boolean inner = i > 0 && type.equals("Nested Loop");
                seqScans(children.get(i).asJsonObject(), tableRows, scanned, bounded && !inner);
            }
        }
    }

    private static long rowsRead(JsonObject node) {
        return node.getJsonNumber("Actual Loops").longValue()
                * (node.getJsonNumber("Actual Rows").longValue()
                        + (node.containsKey("Rows Removed by Filter")
                                ? node.getJsonNumber("Rows Removed by Filter").longValue()
                                : 0));
    }

    private static Map<String, Long> tableRows() throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = postgres.getDatabase("postgres", "plans").getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : BIG_TABLES) {
                try (var counted = statement.executeQuery("select count(*) from " + table)) {
                    counted.next();
                    rows.put(table, counted.getLong(1));
                }
            }
        }
        return rows;
    }

    private static void indexes(JsonObject node, List<String> used) {
        if (node.containsKey("Index Name")) {
            used.add(node.getString("Index Name"));
        }
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            for (JsonValue child : children) {
                indexes(child.asJsonObject(), used);
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
        ConsoleHttp console = ConsoleHttp.loggedIn(parley);
        for (String path : paths) {
            console.page(path);
        }
    }
}
