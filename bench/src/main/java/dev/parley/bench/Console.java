package dev.parley.bench;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.glassfish.tyrus.client.ClientManager;

/**
 * The agents' side of a visitor message, without a browser: agents log in to the console through its
 * form, open the workspace and connect its Faces push socket (channel {@code console}) with their
 * session cookie, as the page's script does; a visitor writes, and every workspace hears the nudge.
 */
public final class Console {

    private static final Pattern VIEW_STATE =
            Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
    /** Mojarra renders {@code faces.push.init('clientId','url','channel',...)} for an {@code f:websocket}. */
    private static final Pattern PUSH_URL =
            Pattern.compile("faces\\.push\\.init\\('[^']*','([^']*jakarta\\.faces\\.push/console\\?[^']*)'");

    private final Visitors visitors;
    private final Sockets sockets;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final ClientManager client = ClientManager.createClient();

    public Console(Visitors visitors, Sockets sockets) {
        this.visitors = visitors;
        this.sockets = sockets;
        this.base = visitors.base();
    }

    /** One pace's outcome: latencies over all agent × message deliveries, and what did not arrive. */
    public record Run(Result result, long missed, long unattributed) {}

    /** A workspace's push socket: the next nudge completes the future of the message waiting for it. */
    private static final class Workspace extends Endpoint {

        final AtomicReference<CompletableFuture<Long>> next = new AtomicReference<>();
        final AtomicLong nudges = new AtomicLong();
        final AtomicLong unattributed = new AtomicLong();
        final AtomicReference<String> first = new AtomicReference<>();
        volatile long lastNudge = System.nanoTime();
        Session session;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::receive);
        }

        private void receive(String text) {
            long now = System.nanoTime();
            lastNudge = now;
            nudges.incrementAndGet();
            first.compareAndSet(null, text);
            CompletableFuture<Long> waiting = next.getAndSet(null);
            if (waiting != null) {
                waiting.complete(now);
            } else {
                unattributed.incrementAndGet();
            }
        }
    }

    /**
     * {@code agents} new agent accounts logged in to the workspace and {@code visitorSockets} widgets
     * online; then, for each pace, {@code messages} visitor messages at most one per pace, each timed
     * from just before its POST to the next nudge on every workspace socket. A message waits for all its
     * nudges (or 5 s) before the next is sent, so a nudge is never credited to the wrong message.
     */
    public List<Run> visitorToWorkspaces(
            int agents, int visitorSockets, int messages, List<Duration> paces, String adminUser, String adminPassword)
            throws Exception {
        String admin = visitors.agentToken(adminUser, adminPassword, "bench-console");
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Workspace> workspaces = new ArrayList<>();
        List<Sockets.Online> online = new ArrayList<>();
        try {
            long setup = System.nanoTime();
            for (int i = 0; i < agents; i++) {
                String username = "bench-" + run + "-" + i;
                String password = "bench password " + run;
                visitors.createAgent(admin, username, password);
                workspaces.add(openWorkspace(username, password));
            }
            System.out.printf(
                    "  %d agents created and logged in to the workspace in %.1f s%n",
                    agents, (System.nanoTime() - setup) / 1e9);
            setup = System.nanoTime();
            online.addAll(sockets.connectVisitors(visitorSockets));
            System.out.printf(
                    "  %d visitors with a conversation and a widget socket in %.1f s; first nudge seen: %s%n",
                    visitorSockets,
                    (System.nanoTime() - setup) / 1e9,
                    workspaces.get(0).first.get());
            List<Run> runs = new ArrayList<>();
            for (Duration pace : paces) {
                quiet(workspaces);
                runs.add(measure(workspaces, online, messages, pace));
            }
            return runs;
        } finally {
            workspaces.forEach(w -> Sockets.close(w.session));
            online.forEach(o -> Sockets.close(o.session()));
        }
    }

    private Run measure(List<Workspace> workspaces, List<Sockets.Online> online, int messages, Duration pace)
            throws Exception {
        workspaces.forEach(w -> w.unattributed.set(0));
        long[] latencies = new long[messages * workspaces.size()];
        int delivered = 0;
        long missed = 0;
        long failed = 0;
        long began = System.nanoTime();
        long due = began;
        for (int m = 0; m < messages; m++) {
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            Sockets.Online from = online.get(m % online.size());
            List<CompletableFuture<Long>> arrivals = new ArrayList<>();
            for (Workspace workspace : workspaces) {
                CompletableFuture<Long> arrival = new CompletableFuture<>();
                workspace.next.set(arrival);
                arrivals.add(arrival);
            }
            long sent = System.nanoTime();
            due = sent + pace.toNanos();
            if (visitors.send(from.visitor(), from.conversationId(), "console bench " + m)
                            .status()
                    != 201) {
                failed++;
                workspaces.forEach(w -> w.next.set(null));
                continue;
            }
            long deadline = sent + TimeUnit.SECONDS.toNanos(5);
            for (CompletableFuture<Long> arrival : arrivals) {
                try {
                    latencies[delivered] =
                            arrival.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) - sent;
                    delivered++;
                } catch (TimeoutException late) {
                    missed++;
                }
            }
            if (delivered == 0 && missed == workspaces.size()) {
                // nothing reaches the workspaces at all: say so now rather than after messages × 5 s
                throw new IOException("no workspace socket heard the first message's nudge");
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        workspaces.forEach(w -> w.next.set(null));
        long unattributed =
                workspaces.stream().mapToLong(w -> w.unattributed.get()).sum();
        String name = "visitor msg -> workspace, " + pace.toMillis() + " ms";
        Result result = new Result(
                name, workspaces.size(), delivered, failed + missed, seconds, Arrays.copyOf(latencies, delivered));
        return new Run(result, missed, unattributed);
    }

    /** Until no workspace has heard a nudge for a second (the setup's own nudges), at most 30 s. */
    private static void quiet(List<Workspace> workspaces) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            long latest = workspaces.stream().mapToLong(w -> w.lastNudge).max().orElse(0);
            long calm = latest + TimeUnit.SECONDS.toNanos(1) - System.nanoTime();
            if (calm <= 0) {
                return;
            }
            LockSupport.parkNanos(calm);
        }
    }

    /** Logs in through the console's form as a browser does; the page it lands on, the session in {@code cookies}. */
    HttpResponse<String> login(String username, String password, Map<String, String> cookies) throws Exception {
        HttpResponse<String> form = exchange(get("admin/login.xhtml", cookies), cookies);
        Matcher viewState = VIEW_STATE.matcher(form.body());
        if (form.statusCode() != 200 || !viewState.find()) {
            throw new IOException("GET admin/login.xhtml -> " + form.statusCode() + ", no view state");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", "login");
        fields.put("login:username", username);
        fields.put("login:password", password);
        fields.put("login:submit", "Log in");
        fields.put("jakarta.faces.ViewState", viewState.group(1));
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> page = exchange(
                request("admin/login.xhtml", cookies)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                cookies);
        for (int hops = 0; page.statusCode() / 100 == 3 && hops < 5; hops++) {
            URI next = page.uri().resolve(page.headers().firstValue("Location").orElseThrow());
            page = exchange(get(base.relativize(next).toString(), cookies), cookies);
        }
        return page;
    }

    /** A console page (relative to the base) with the session of {@link #login}; its status. */
    int page(String path, Map<String, String> cookies) throws Exception {
        HttpResponse<String> response = exchange(get(path, cookies), cookies);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " -> " + response.statusCode());
        }
        return response.statusCode();
    }

    /** The login form as a browser posts it, the workspace page after the redirect, and its push socket. */
    private Workspace openWorkspace(String username, String password) throws Exception {
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> page = login(username, password, cookies);
        Matcher push = PUSH_URL.matcher(page.body());
        if (page.statusCode() != 200 || !push.find()) {
            throw new IOException("login of " + username + " ended at " + page.uri() + " -> " + page.statusCode()
                    + " without the console's push socket");
        }
        String url = push.group(1);
        URI socket = url.startsWith("ws")
                ? URI.create(url)
                : URI.create(base.resolve(url).toString().replaceFirst("^http", "ws"));
        String cookie = cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("Cookie", List.of(cookie));
                        headers.put("Origin", List.of(base.toString().replaceFirst("/$", "")));
                    }
                })
                .build();
        Workspace workspace = new Workspace();
        client.connectToServer(workspace, config, socket);
        return workspace;
    }

    private HttpRequest get(String path, Map<String, String> cookies) {
        return request(path, cookies).GET().build();
    }

    private HttpRequest.Builder request(String path, Map<String, String> cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        return request;
    }

    /** Sends and keeps the cookies the answer sets, as a browser would (the login renews the session). */
    private HttpResponse<String> exchange(HttpRequest request, Map<String, String> cookies)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                cookies.put(
                        pair.substring(0, equals).strip(),
                        pair.substring(equals + 1).strip());
            }
        }
        return response;
    }
}
