package dev.parley.bench.drill;

import dev.parley.bench.Visitors;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The load of the fault drills: {@code --threads} visitors at a time, for {@code --seconds}, each
 * opening a session, starting a conversation with one Idempotency-Key and posting
 * {@code --messages} messages with an echo id, and retrying like the widget: the same key (the
 * same echo id) after a 503 or 409 (honouring {@code Retry-After}, default 1 s, at most 10 s) and
 * after a connection error or client timeout, whose outcome is unknown. No new visitor begins
 * after {@code --seconds}; a visitor in flight keeps retrying until {@code --settle} more seconds
 * have passed, so a drill that kills the database or the product mid-load still ends by itself.
 *
 * <p>Writes to {@code --out}: the answers counted by operation and status, the evidence of any
 * 5xx other than 503, one {@code visitor} line per visitor (contact, conversation, every
 * conversation id a start answer named, attempts, unknown outcomes) and one {@code ack} line per
 * acknowledged message (id, conversation, echo id). {@link DrillCheck} checks them against the
 * database.
 */
public final class DrillLoad {

    private final Visitors visitors;
    private final Outcomes outcomes = new Outcomes();
    private final Duration requestTimeout;
    private final List<String> visitorLines = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ackLines = Collections.synchronizedList(new ArrayList<>());

    private DrillLoad(Visitors visitors, Duration requestTimeout) {
        this.visitors = visitors;
        this.requestTimeout = requestTimeout;
    }

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(
                arguments, "base", "token", "seconds", "threads", "messages", "settle", "out", "request-timeout");
        DrillLoad load = new DrillLoad(
                new Visitors(URI.create(args.require("base")), args.require("token")),
                Duration.ofSeconds(args.integer("request-timeout", 30)));
        int threads = args.integer("threads", 16);
        int messages = args.integer("messages", 3);
        long began = System.currentTimeMillis();
        long loadEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.integer("seconds", 30));
        long settleEnd = loadEnd + TimeUnit.SECONDS.toNanos(args.integer("settle", 120));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(pool.submit(() -> {
                load.visitorsUntil(loadEnd, settleEnd, messages);
                return null;
            }));
        }
        long hardStop = TimeUnit.NANOSECONDS.toMillis(settleEnd - System.nanoTime()) + 60_000;
        for (Future<?> future : running) {
            future.get(Math.max(1, hardStop), TimeUnit.MILLISECONDS);
        }
        pool.shutdownNow();
        long ended = System.currentTimeMillis();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args.require("out"))))) {
            out.println("load-window-ms " + began + " " + ended);
            load.outcomes.write(out);
            synchronized (load.visitorLines) {
                load.visitorLines.forEach(out::println);
            }
            synchronized (load.ackLines) {
                load.ackLines.forEach(out::println);
            }
        }
        System.out.printf(
                "load: %d visitors, %d acknowledged messages in %.1f s; %s%n",
                load.visitorLines.size(), load.ackLines.size(), (ended - began) / 1000.0, load.outcomes.summary());
        System.out.printf(
                "load: 5xx other than 503: %d; 503 without Retry-After: %d; stack traces: %d; max latency %.0f ms%n",
                load.outcomes.serverErrors(),
                load.outcomes.unavailableWithoutRetryAfter(),
                load.outcomes.stackTraces(),
                load.outcomes.maxLatencyMillis());
        load.outcomes
                .failureWindow()
                .ifPresent(w -> System.out.printf(
                        "load: failed requests between +%.1f s and +%.1f s of the load's start%n",
                        (w[0] - began) / 1000.0, (w[1] - began) / 1000.0));
    }

    private void visitorsUntil(long loadEnd, long settleEnd, int messages) throws InterruptedException {
        while (System.nanoTime() < loadEnd) {
            Visitors.Visitor visitor = newVisitor(settleEnd);
            if (visitor == null) {
                return;
            }
            String key = "drill-" + UUID.randomUUID();
            Set<Long> seen = new LinkedHashSet<>();
            int attempts = 0;
            int unknown = 0;
            int replayed = 0;
            Long conversation = null;
            while (conversation == null && System.nanoTime() < settleEnd) {
                attempts++;
                long sent = System.nanoTime();
                HttpResponse<String> answer;
                try {
                    answer = visitors.startExchange(
                            visitor, key, "Hello from visitor " + visitor.contactId(), requestTimeout);
                } catch (IOException noAnswer) {
                    outcomes.unanswered("start", noAnswer, sent);
                    unknown++;
                    Thread.sleep(1000);
                    continue;
                }
                outcomes.answered("start", answer, sent);
                int status = answer.statusCode();
                if (status == 200 || status == 201) {
                    conversation = json(answer).getJsonNumber("id").longValue();
                    seen.add(conversation);
                    if (answer.headers().firstValue("Idempotent-Replayed").isPresent()) {
                        replayed++;
                    }
                } else if (status == 400 || status == 401 || status == 422) {
                    break; // the widget gives up on these too; counted, and the visitor is left unfinished
                } else {
                    Thread.sleep(retryAfterMillis(answer));
                }
            }
            visitorLines.add(String.format(
                    "visitor %d %s %s %d %d %d",
                    visitor.contactId(),
                    conversation == null ? "-" : conversation,
                    seen.isEmpty() ? "-" : joined(seen),
                    attempts,
                    unknown,
                    replayed));
            if (conversation == null) {
                return; // out of time: the drill's checks report it
            }
            for (int n = 1; n <= messages; n++) {
                if (!post(visitor, conversation, n, settleEnd)) {
                    return;
                }
            }
        }
    }

    /** Posts message {@code n} until it is acknowledged (201, or 200 when an earlier attempt stored it). */
    private boolean post(Visitors.Visitor visitor, long conversation, int n, long settleEnd)
            throws InterruptedException {
        String echoId = "drill-" + visitor.contactId() + "-" + n;
        String content = "message " + n + " of visitor " + visitor.contactId();
        while (System.nanoTime() < settleEnd) {
            long sent = System.nanoTime();
            HttpResponse<String> answer;
            try {
                answer = visitors.sendExchange(visitor, conversation, content, echoId, requestTimeout);
            } catch (IOException noAnswer) {
                outcomes.unanswered("message", noAnswer, sent);
                Thread.sleep(1000);
                continue;
            }
            outcomes.answered("message", answer, sent);
            int status = answer.statusCode();
            if (status == 200 || status == 201) {
                JsonObject message = json(answer);
                ackLines.add(String.format(
                        "ack %d %d %s %d",
                        message.getJsonNumber("id").longValue(),
                        message.getJsonNumber("conversationId").longValue(),
                        echoId,
                        status));
                return true;
            }
            boolean fromParley =
                    answer.headers().firstValue("Content-Type").orElse("").contains("json");
            if ((status == 400 || status == 401 || status == 403 || status == 404 || status == 422) && fromParley) {
                return false; // Parley's own refusal: counted, and this visitor stops here
            }
            // anything else, including the container's HTML 404 while the application is not yet
            // deployed after a restart, is retried with the same echo id
            Thread.sleep(retryAfterMillis(answer));
        }
        return false;
    }

    /** A new visitor's session, retried on any failure until {@code settleEnd}; null when out of time. */
    private Visitors.Visitor newVisitor(long settleEnd) throws InterruptedException {
        while (System.nanoTime() < settleEnd) {
            long sent = System.nanoTime();
            HttpResponse<String> answer;
            try {
                answer = visitors.sessionExchange(requestTimeout);
            } catch (IOException noAnswer) {
                outcomes.unanswered("session", noAnswer, sent);
                Thread.sleep(1000);
                continue;
            }
            outcomes.answered("session", answer, sent);
            if (answer.statusCode() == 201) {
                JsonObject json = json(answer);
                return new Visitors.Visitor(
                        json.getString("contactToken"),
                        json.getJsonNumber("contactId").longValue());
            }
            Thread.sleep(retryAfterMillis(answer));
        }
        return null;
    }

    /** The widget's rule: Retry-After in seconds, 1 s without one, at most 10 s. */
    static long retryAfterMillis(HttpResponse<String> answer) {
        return answer.headers()
                .firstValue("Retry-After")
                .map(value -> {
                    try {
                        return (long) (Double.parseDouble(value.trim()) * 1000);
                    } catch (NumberFormatException httpDate) {
                        return 1000L;
                    }
                })
                .map(ms -> Math.max(0, Math.min(10_000, ms)))
                .orElse(1000L);
    }

    static JsonObject json(HttpResponse<String> answer) {
        return Json.createReader(new StringReader(answer.body())).readObject();
    }

    private static String joined(Set<Long> ids) {
        StringBuilder text = new StringBuilder();
        ids.forEach(id -> text.append(text.length() == 0 ? "" : ",").append(id));
        return text.toString();
    }
}
