package dev.parley.bench.drill;

import dev.parley.bench.Visitors;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks a {@link DrillLoad} result against the database and prints one {@code PASS} or
 * {@code FAIL} line per check, with its figures; exits 1 if any check failed. With
 * {@code --probe true} it finally starts a fresh visitor's conversation and requires a 201 on the
 * first try: the product serves again without having been restarted.
 */
public final class DrillCheck {

    private final String drill;
    private int failures;

    private DrillCheck(String drill) {
        this.drill = drill;
    }

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments, "drill", "results", "jdbc", "user", "base", "token", "probe");
        DrillCheck check = new DrillCheck(args.require("drill"));
        List<String> lines = Files.readAllLines(Path.of(args.require("results")));
        try (Connection db = DriverManager.getConnection(args.require("jdbc"), args.get("user", "postgres"), "")) {
            check.answers(lines);
            check.database(lines, db);
        }
        if (Boolean.parseBoolean(args.get("probe", "false"))) {
            check.probe(new Visitors(URI.create(args.require("base")), args.require("token")));
        }
        System.exit(check.failures == 0 ? 0 : 1);
    }

    private void answers(List<String> lines) {
        long serverErrors = 0;
        Map<String, Long> byStatus = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f[0].equals("count")) {
                byStatus.merge(f[2], Long.parseLong(f[3]), Long::sum);
                if (f[2].matches("5\\d\\d") && !f[2].equals("503")) {
                    serverErrors += Long.parseLong(f[3]);
                }
            }
        }
        result(
                serverErrors == 0,
                "no 5xx other than 503",
                "answers by status " + byStatus
                        + (serverErrors == 0 ? "" : "; evidence: " + String.join(" | ", field(lines, "server-error"))));
        long withoutRetryAfter = Long.parseLong(single(lines, "unavailable-without-retry-after"));
        result(
                withoutRetryAfter == 0,
                "every 503 has Retry-After",
                withoutRetryAfter + " without, of "
                        + byStatus.getOrDefault("503", 0L)
                        + (withoutRetryAfter == 0
                                ? ""
                                : "; evidence: "
                                        + String.join(" | ", field(lines, "unavailable-without-retry-after-sample"))));
        long stackTraces = Long.parseLong(single(lines, "stack-traces"));
        result(stackTraces == 0, "no stack trace in any answer", stackTraces + " answers looked like one");
    }

    private void database(List<String> lines, Connection db) throws SQLException {
        long twoLive = scalar(
                db,
                "select count(*) from (select contact_id from conversation where status in ('OPEN','PENDING')"
                        + " group by contact_id having count(*) > 1) t");
        result(
                twoLive == 0,
                "no contact has more than one live conversation",
                twoLive + " contacts with >1 (whole database)");

        long empty = scalar(
                db,
                "select count(*) from conversation c where not exists"
                        + " (select 1 from message m where m.conversation_id = c.id or m.origin_conversation_id = c.id)");
        long dangling = scalar(
                db,
                "select count(*) from idempotency_record r where r.conversation_id is null"
                        + " or not exists (select 1 from conversation c where c.id = r.conversation_id)");
        long unkeyed = scalar(
                db,
                "select count(*) from conversation c where not exists"
                        + " (select 1 from idempotency_record r where r.conversation_id = c.id)");
        long conversations = scalar(db, "select count(*) from conversation");
        result(
                empty == 0 && dangling == 0 && unkeyed == 0,
                "no partial conversation",
                String.format(
                        "%d conversations; without a message %d, idempotency records without a conversation %d,"
                                + " conversations without their idempotency record %d (whole database)",
                        conversations, empty, dangling, unkeyed));

        int visitors = 0;
        int unfinished = 0;
        int splitAnswers = 0;
        int notOne = 0;
        int otherId = 0;
        int unknownAttempts = 0;
        int visitorsWithUnknown = 0;
        int replayedAnswers = 0;
        List<String> evidence = new ArrayList<>();
        try (PreparedStatement perContact =
                db.prepareStatement("select count(*), min(id) from conversation where contact_id = ?")) {
            for (String line : lines) {
                String[] f = line.split(" ");
                if (!f[0].equals("visitor")) {
                    continue;
                }
                visitors++;
                long contact = Long.parseLong(f[1]);
                int unknown = Integer.parseInt(f[5]);
                unknownAttempts += unknown;
                visitorsWithUnknown += unknown > 0 ? 1 : 0;
                replayedAnswers += Integer.parseInt(f[6]);
                perContact.setLong(1, contact);
                long count;
                long id;
                try (ResultSet row = perContact.executeQuery()) {
                    row.next();
                    count = row.getLong(1);
                    id = row.getLong(2);
                }
                if (f[2].equals("-")) {
                    unfinished++;
                    if (count > 1) {
                        notOne++;
                        evidence.add("contact " + contact + " has " + count);
                    }
                    continue;
                }
                if (f[3].contains(",")) {
                    splitAnswers++;
                    evidence.add("contact " + contact + " was answered with conversations " + f[3]);
                }
                if (count != 1) {
                    notOne++;
                    evidence.add("contact " + contact + " has " + count + " conversations");
                } else if (id != Long.parseLong(f[2])) {
                    otherId++;
                    evidence.add("contact " + contact + " got " + f[2] + " but the database has " + id);
                }
            }
        }
        result(
                unfinished == 0 && splitAnswers == 0 && notOne == 0 && otherId == 0,
                "each visitor has exactly one conversation, the one its answers named",
                String.format(
                        "%d visitors; unfinished %d; answered with two ids %d; count != 1 in the database %d;"
                                + " other id %d; start attempts with unknown outcome %d (%d visitors), replayed answers %d%s",
                        visitors,
                        unfinished,
                        splitAnswers,
                        notOne,
                        otherId,
                        unknownAttempts,
                        visitorsWithUnknown,
                        replayedAnswers,
                        evidence.isEmpty()
                                ? ""
                                : "; " + String.join("; ", evidence.subList(0, Math.min(10, evidence.size())))));

        int acks = 0;
        int missing = 0;
        int moved = 0;
        int duplicates = 0;
        List<String> lost = new ArrayList<>();
        try (PreparedStatement byId = db.prepareStatement("select conversation_id, echo_id from message where id = ?");
                PreparedStatement byEcho = db.prepareStatement("select count(*) from message where echo_id = ?")) {
            for (String line : lines) {
                String[] f = line.split(" ");
                if (!f[0].equals("ack")) {
                    continue;
                }
                acks++;
                byId.setLong(1, Long.parseLong(f[1]));
                try (ResultSet row = byId.executeQuery()) {
                    if (!row.next()) {
                        missing++;
                        lost.add(f[1]);
                    } else if (row.getLong(1) != Long.parseLong(f[2]) || !f[3].equals(row.getString(2))) {
                        moved++;
                        lost.add(f[1] + " (elsewhere)");
                    }
                }
                byEcho.setString(1, f[3]);
                try (ResultSet row = byEcho.executeQuery()) {
                    row.next();
                    if (row.getLong(1) != 1) {
                        duplicates++;
                    }
                }
            }
        }
        result(
                acks > 0 && missing == 0 && moved == 0 && duplicates == 0,
                "every acknowledged message is stored, once",
                String.format(
                        "%d acknowledged; missing %d; in another conversation %d; stored more than once %d%s",
                        acks,
                        missing,
                        moved,
                        duplicates,
                        lost.isEmpty() ? "" : "; ids " + String.join(",", lost.subList(0, Math.min(20, lost.size())))));
    }

    private void probe(Visitors visitors) throws Exception {
        Duration timeout = Duration.ofSeconds(30);
        long began = System.nanoTime();
        HttpResponse<String> session = visitors.sessionExchange(timeout);
        if (session.statusCode() != 201) {
            result(false, "the product serves again without a restart", "session answered " + session.statusCode());
            return;
        }
        var json = DrillLoad.json(session);
        Visitors.Visitor visitor = new Visitors.Visitor(
                json.getString("contactToken"), json.getJsonNumber("contactId").longValue());
        HttpResponse<String> start =
                visitors.startExchange(visitor, UUID.randomUUID().toString(), "probe", timeout);
        result(
                start.statusCode() == 201,
                "the product serves again without a restart",
                String.format(
                        "a fresh visitor's start answered %d in %.0f ms",
                        start.statusCode(), (System.nanoTime() - began) / 1e6));
    }

    private void result(boolean passed, String what, String figures) {
        if (!passed) {
            failures++;
        }
        System.out.println((passed ? "PASS " : "FAIL ") + drill + ": " + what + " — " + figures);
    }

    private static long scalar(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String single(List<String> lines, String name) {
        return field(lines, name).stream().findFirst().orElse("0");
    }

    private static List<String> field(List<String> lines, String name) {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(name + " ")) {
                values.add(line.substring(name.length() + 1));
            }
        }
        return values;
    }
}
