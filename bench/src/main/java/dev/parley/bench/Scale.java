package dev.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issue 15's scale scenario: the reads and the start that must not slow down as the tables grow, each timed
 * one request at a time (latency, not throughput): a new visitor's start, a visitor's resync, the agent API's
 * list with each of its filters, the console's list (first page, and its "has duplicates" filter) and the
 * audit search, through the console's form login as a browser. bench/run measures it on the small database,
 * loads bench/sql/scale.sql, and measures it again; the second run reads the first one's figures from
 * {@code --scale-baseline} and prints both side by side.
 */
final class Scale {

    /** Samples per row: at most this many, and no more once this much time is spent (at least one). */
    private static final int SAMPLES = 60;

    private static final long BUDGET_NANOS = 8_000_000_000L;

    private final Visitors visitors;
    private final Console console;
    private final URI base;

    Scale(Visitors visitors, Console console) {
        this.visitors = visitors;
        this.console = console;
        this.base = visitors.base();
    }

    /** Every row once; {@code label} names the database state ("empty", "1000000 conversations"). */
    List<Result> measure(String label, String adminUser, String adminPassword) throws Exception {
        String agent = visitors.agentToken(adminUser, adminPassword, "bench-scale-" + UUID.randomUUID());
        String probe = "probe" + Long.toString(System.nanoTime(), 36);
        // a visitor of this run whose conversation has a few messages: the filters' and the resync's subject
        Visitors.Visitor visitor = visitors.newVisitor();
        Visitors.Answer started = visitors.start(visitor, UUID.randomUUID().toString(), "Hello " + probe);
        long conversation = started.id();
        long first = started.json()
                .getJsonArray("messages")
                .getJsonObject(0)
                .getJsonNumber("id")
                .longValue();
        for (int i = 0; i < 4; i++) {
            visitors.send(visitor, conversation, "more words " + i);
        }
        String requestId = "bench-scale-" + probe;
        List<Result> results = new ArrayList<>();
        results.add(timed("start: new visitor (POST conversations)", label, () -> {
            Visitors.Visitor fresh = visitors.newVisitor();
            long began = System.nanoTime();
            Visitors.Answer answer = visitors.start(fresh, UUID.randomUUID().toString(), "Hello from the scale run");
            return answer.status() == 201 ? System.nanoTime() - began : -1;
        }));
        results.add(timed(
                "resync: messages?after=first",
                label,
                () -> get(
                        "chat/api/v1/conversations/" + conversation + "/messages?after=" + first,
                        "Bearer " + visitor.token())));
        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("no filter", "");
        lists.put("status=OPEN", "status=OPEN");
        lists.put("status=RESOLVED", "status=RESOLVED");
        lists.put("inboxId", "inboxId=1");
        lists.put("contactId", "contactId=" + visitor.contactId());
        lists.put("email", "email=" + encode("v" + visitor.contactId() + "@"));
        lists.put("hasDuplicates=true", "hasDuplicates=true");
        lists.put("assignee=me", "assignee=me");
        lists.put("assignee=none", "assignee=none");
        lists.put("assignee=1", "assignee=1");
        lists.put("q (text)", "q=" + probe);
        lists.put("mineFirst=true", "mineFirst=true");
        for (Map.Entry<String, String> list : lists.entrySet()) {
            results.add(timed(
                    "agent list: " + list.getKey(),
                    label,
                    () -> get("admin/api/v1/conversations?size=50&" + list.getValue(), agent)));
        }
        Map<String, String> audits = new LinkedHashMap<>();
        audits.put("no filter", "");
        audits.put("requestId", "requestId=" + requestId);
        audits.put("conversationId", "conversationId=" + conversation);
        audits.put("contactId", "contactId=" + visitor.contactId());
        audits.put("action=conversation.", "action=conversation.");
        audits.put("action=conversation.merge (rare)", "action=conversation.merge");
        audits.put(
                "from/to (last hour)",
                "from=" + encode(java.time.Instant.now().minusSeconds(3600).toString()) + "&to="
                        + encode(java.time.Instant.now().plusSeconds(3600).toString()));
        for (Map.Entry<String, String> audit : audits.entrySet()) {
            results.add(timed(
                    "audit search: " + audit.getKey(),
                    label,
                    () -> get("admin/api/v1/audit?size=50&" + audit.getValue(), agent)));
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        console.login(adminUser, adminPassword, cookies);
        results.add(timed("console list: first page", label, () -> page("admin/conversations.xhtml", cookies)));
        results.add(timed(
                "console list: has duplicates",
                label,
                () -> page("admin/conversations.xhtml?duplicates=true", cookies)));
        results.add(timed("console audit log: first page", label, () -> page("admin/audit.xhtml", cookies)));
        return results;
    }

    /** Prints the rows of {@code after} next to those of {@code baseline} (a file this class wrote), with the ratio. */
    static void compare(Path baseline, List<Result> after) throws IOException {
        Map<String, double[]> before = new LinkedHashMap<>();
        for (String line : Files.readAllLines(baseline)) {
            String[] fields = line.split("\t");
            before.put(fields[0], new double[] {Double.parseDouble(fields[1]), Double.parseDouble(fields[2])});
        }
        System.out.println();
        System.out.printf(
                "%-40s %9s %9s %9s %9s %7s%n",
                "scale: path", "p50 empty", "p99 empty", "p50 large", "p99 large", "p99 x");
        for (Result r : after) {
            String name = r.scenario().replaceFirst(" \\[.*\\]$", "");
            double[] b = before.getOrDefault(name, new double[] {Double.NaN, Double.NaN});
            System.out.printf(
                    "%-40s %9.2f %9.2f %9.2f %9.2f %7.2f%n",
                    name, b[0], b[1], r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99) / b[1]);
        }
    }

    static void save(Path file, List<Result> results) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Result r : results) {
            lines.add(r.scenario().replaceFirst(" \\[.*\\]$", "") + "\t" + r.percentileMillis(50) + "\t"
                    + r.percentileMillis(99));
        }
        Files.write(file, lines);
    }

    private interface Sample {
        /** One request's latency in nanoseconds, negative when it failed. */
        long take() throws Exception;
    }

    private static Result timed(String name, String label, Sample sample) throws Exception {
        long[] latencies = new long[SAMPLES];
        int ok = 0;
        long failed = 0;
        long began = System.nanoTime();
        for (int i = 0; i < SAMPLES && (i == 0 || System.nanoTime() - began < BUDGET_NANOS); i++) {
            long latency;
            try {
                latency = sample.take();
            } catch (IOException e) {
                // a timeout (120 s) or a refused connection: a failure of this row, not of the whole run
                System.out.println("  " + name + ": " + e);
                latency = -1;
            }
            if (latency < 0) {
                failed++;
            } else {
                latencies[ok++] = latency;
            }
        }
        Result result = new Result(
                name + " [" + label + "]",
                1,
                ok,
                failed,
                (System.nanoTime() - began) / 1e9,
                Arrays.copyOf(latencies, ok));
        System.out.println(result.row());
        return result;
    }

    private long page(String path, Map<String, String> cookies) throws Exception {
        long began = System.nanoTime();
        console.page(path, cookies);
        return System.nanoTime() - began;
    }

    /** A GET with the whole body read; its latency, or -1 unless it answered 200. */
    private long get(String path, String authorization) throws IOException {
        long began = System.nanoTime();
        HttpURLConnection connection =
                (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("Authorization", authorization);
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        long latency = System.nanoTime() - began;
        if (status != 200) {
            System.out.println("  GET " + path + " -> " + status);
            return -1;
        }
        return latency;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
