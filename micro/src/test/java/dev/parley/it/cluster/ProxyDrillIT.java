package dev.parley.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import dev.parley.it.support.Race;
import dev.parley.it.support.Reply;
import dev.parley.it.support.SocketClient;
import dev.parley.it.support.TestDatabase;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;

/**
 * The operator's nginx configuration ({@code deploy/nginx/parley.conf}, with only its addresses,
 * certificate paths and upstream file replaced) in front of two Payara Micro nodes forming a Hazelcast
 * cluster on one PostgreSQL, with {@code deploy/nginx/parley-health} writing nginx's node list from
 * each node's {@code /health/ready}. Visitors and an agent speak only to nginx; node B is killed
 * ({@code kill -9}) in the middle of the run. No start is duplicated, no acknowledged message is lost
 * or stored twice, every agent reply reaches its visitor (live or by the resync the widget does after
 * a reconnect), and the nodes see the client's address and scheme as nginx forwarded them.
 *
 * <p>nginx talks to the nodes from 127.0.0.2 ({@code proxy_bind}, the one line the test adds), the
 * address the nodes trust, so that nginx and the test's client (127.0.0.1) are told apart. The test
 * fails, never skips, when nginx or openssl is missing: {@code .ci/run} installs nginx.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyDrillIT {

    static final String DATABASE = "parley_proxy";
    static final String CLUSTER_NAME = "parley-proxy-" + ProcessHandle.current().pid();
    static final String SECRET = ClusterIT.randomSecret();
    static final String NGINX_ADDRESS = "127.0.0.2";
    static final Path SHIPPED = Path.of("..", "deploy", "nginx");
    static final int VISITORS = 16;
    static final int ROUNDS = 6;
    static final int KILL_IN_ROUND = 3;

    static Parley a;
    static Parley b;
    static Path work;
    static Process nginx;
    static int plainPort;
    static int tlsPort;
    static int redirectPort;
    static Parley proxy;
    static HttpServer unready;
    static final AtomicInteger unreadyServed = new AtomicInteger();

    @BeforeAll
    static void twoNodesBehindNginx() throws Exception {
        work = Files.createDirectories(Path.of("target", "proxy-drill").toAbsolutePath());
        assertThat(Path.of("/usr/sbin/nginx"))
                .as("nginx must be installed (Debian's package `nginx`; .ci/run installs it)")
                .exists();
        TestDatabase.create(DATABASE);
        int gridA = ParleyServer.freePort();
        int gridB = ParleyServer.freePort();
        String members = "tcpip:127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
        CompletableFuture<Parley> first =
                CompletableFuture.supplyAsync(() -> ParleyServer.boot(node("proxy-a", gridA, members)));
        CompletableFuture<Parley> second =
                CompletableFuture.supplyAsync(() -> ParleyServer.boot(node("proxy-b", gridB, members)));
        a = first.join();
        b = second.join();
        await("both nodes see a two-member cluster")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ClusterIT.members(a) == 2 && ClusterIT.members(b) == 2);

        unready = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        unready.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/health/ready")) {
                unreadyServed.incrementAndGet();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        unready.start();

        plainPort = ParleyServer.freePort();
        tlsPort = ParleyServer.freePort();
        redirectPort = ParleyServer.freePort();
        writeNginxConfig();
        assertThat(health(false).exitValue()).isZero();
        nginx = new ProcessBuilder(
                        "/usr/sbin/nginx",
                        "-p",
                        work.toString(),
                        "-c",
                        work.resolve("nginx.conf").toString(),
                        "-e",
                        work.resolve("error.log").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("nginx.out").toFile())
                .start();
        proxy = a.at(URI.create("http://127.0.0.1:" + plainPort + "/"));
        HttpRequest probe = HttpRequest.newBuilder(proxy.uri("chat/api/v1/conversations"))
                .GET()
                .build();
        await("nginx answers with Parley's 401 (log: " + work.resolve("error.log") + ")")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .failFast("nginx exited, see " + work.resolve("nginx.out"), () -> !nginx.isAlive())
                .until(() -> proxy.widget().send(probe).status() == 401);
    }

    static Node node(String name, int gridPort, String members) {
        return new Node(
                name,
                0,
                DATABASE,
                List.of(
                        "-Dhazelcast.socket.bind.any=false",
                        "-Dparley.trusted-proxies=" + NGINX_ADDRESS,
                        // counted (so the address a node saw is in rate_limit), never reached
                        "-Dparley.limits.session-per-address=100000/PT1H"),
                List.of(
                        "--clustermode",
                        members,
                        "--interfaces",
                        "127.0.0.1",
                        "--startport",
                        String.valueOf(gridPort),
                        "--clustername",
                        CLUSTER_NAME),
                Map.of("PARLEY_EVENTS_TRANSPORT", "hazelcast", "PARLEY_CLUSTER_SECRET", SECRET));
    }

    /**
     * The shipped configuration, each operator value replaced by the test's (a replacement that no
     * longer matches fails the test, so the test keeps running the file operators copy), inside a
     * minimal nginx.conf of its own.
     */
    static void writeNginxConfig() throws IOException, InterruptedException {
        Path certificate = work.resolve("cert.pem");
        Path key = work.resolve("key.pem");
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "1",
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1",
                        "-keyout",
                        key.toString(),
                        "-out",
                        certificate.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("openssl.out").toFile())
                .start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
                .as("openssl made a self-signed certificate (see " + work.resolve("openssl.out") + ")")
                .isTrue();
        String conf = Files.readString(SHIPPED.resolve("parley.conf"));
        conf = replace(conf, "include /etc/nginx/parley-upstream.conf;", "include " + upstreamFile() + ";");
        conf = replace(conf, "    listen 80;\n", "    listen 127.0.0.1:" + redirectPort + ";\n");
        conf = replace(conf, "    listen [::]:80;\n", "");
        conf = replace(
                conf,
                "    listen 443 ssl http2;\n",
                "    listen 127.0.0.1:" + tlsPort + " ssl http2;\n    listen 127.0.0.1:" + plainPort + ";\n");
        conf = replace(conf, "    listen [::]:443 ssl http2;\n", "");
        conf = replace(conf, "/etc/ssl/parley/fullchain.pem", certificate.toString());
        conf = replace(conf, "/etc/ssl/parley/privkey.pem", key.toString());
        conf = replace(
                conf,
                "    proxy_http_version 1.1;\n",
                "    proxy_http_version 1.1;\n    proxy_bind " + NGINX_ADDRESS + ";\n");
        Files.writeString(work.resolve("parley.conf"), conf);
        StringBuilder temp = new StringBuilder();
        for (String kind : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Path dir = Files.createDirectories(work.resolve("temp").resolve(kind));
            // the workers run as nobody when the test runs as root
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            temp.append("    ").append(kind).append("_temp_path ").append(dir).append(";\n");
        }
        Files.setPosixFilePermissions(work.resolve("temp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(
                work.resolve("nginx.conf"),
                "pid " + work.resolve("nginx.pid") + ";\n"
                        + "error_log " + work.resolve("error.log") + " info;\n"
                        + "worker_processes 1;\n"
                        + "events { worker_connections 1024; }\n"
                        + "http {\n"
                        + "    access_log " + work.resolve("access.log") + ";\n"
                        + temp
                        + "    include " + work.resolve("parley.conf") + ";\n"
                        + "}\n");
    }

    static String replace(String text, String operatorValue, String testValue) {
        assertThat(text)
                .as("deploy/nginx/parley.conf still has " + operatorValue)
                .contains(operatorValue);
        return text.replace(operatorValue, testValue);
    }

    static Path upstreamFile() {
        return work.resolve("parley-upstream.conf");
    }

    static String address(Parley node) {
        return node.base().getHost() + ":" + node.base().getPort();
    }

    static String unreadyAddress() {
        return "127.0.0.1:" + unready.getAddress().getPort();
    }

    /** One round of {@code deploy/nginx/parley-health --once}, reloading nginx when asked. */
    static Process health(boolean reload) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        SHIPPED.resolve("parley-health").toString(), "--once")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("parley-health.out").toFile()));
        builder.environment().put("PARLEY_NODES", address(a) + " " + address(b) + " " + unreadyAddress());
        builder.environment().put("PARLEY_UPSTREAM_FILE", upstreamFile().toString());
        builder.environment()
                .put(
                        "PARLEY_NGINX",
                        "/usr/sbin/nginx -p " + work + " -c " + work.resolve("nginx.conf") + " -e "
                                + work.resolve("error.log"));
        builder.environment().put("PARLEY_RELOAD", reload ? "yes" : "");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(20, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        if (unready != null) {
            unready.stop(0);
        }
        for (Parley node : new Parley[] {a, b}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    @Test
    @Order(1)
    void theHealthPollerTookTheUnreadyNodeOutAndNginxNeverSendsItARequest() throws IOException {
        assertThat(Files.readAllLines(upstreamFile()))
                .containsExactly(
                        "server " + address(a) + " max_fails=1 fail_timeout=10s;",
                        "server " + address(b) + " max_fails=1 fail_timeout=10s;",
                        "server " + unreadyAddress() + " down;");
        List<Reply> replies = IntStream.range(0, 30)
                .mapToObj(i -> proxy.widget().get("conversations", null))
                .toList();
        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(401));
        assertThat(unreadyServed).hasValue(0);
    }

    @Test
    @Order(2)
    void theNodesSeeTheClientAddressAndSchemeNginxForwardsAndNothingTheClientForged() throws Exception {
        Reply session = proxy.widget()
                .post(
                        "session",
                        null,
                        Map.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "https"),
                        Json.createObjectBuilder()
                                .add("websiteToken", ParleyServer.WEBSITE_TOKEN)
                                .build()
                                .toString());
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        List<String> buckets =
                a.rows("select bucket from rate_limit where bucket like 'session-per-address:%'").stream()
                        .map(row -> (String) row.get(0))
                        .toList();
        assertThat(buckets)
                .as("counted for the client nginx saw (127.0.0.1), not for nginx (127.0.0.2) or the forged address")
                .containsExactly("session-per-address:127.0.0.1");
        assertThat(session.header("Strict-Transport-Security"))
                .as("plain HTTP to nginx: the forged X-Forwarded-Proto was replaced by nginx's http")
                .isNull();

        HttpResponse<String> overTls = insecureClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("https://127.0.0.1:" + tlsPort + "/chat/api/v1/conversations"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(overTls.statusCode()).isEqualTo(401);
        assertThat(overTls.headers().firstValue("Strict-Transport-Security"))
                .as("TLS ended at nginx: its X-Forwarded-Proto https counts, so the node sends HSTS")
                .hasValue("max-age=31536000");

        HttpResponse<Void> redirect = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + redirectPort + "/chat/demo?x=1"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue("https://127.0.0.1/chat/demo?x=1");

        Reply console = proxy.widget()
                .send(HttpRequest.newBuilder(proxy.uri("admin/")).GET().build());
        assertThat(console.status())
                .as("the console's pages pass through nginx (its sticky upstream): " + console)
                .isIn(200, 302, 303);

        for (String internal : List.of("metrics", "health/ready", "health")) {
            assertThat(proxy.widget()
                            .send(HttpRequest.newBuilder(proxy.uri(internal))
                                    .GET()
                                    .build())
                            .status())
                    .as("/" + internal + " is not served to the internet")
                    .isEqualTo(404);
        }

        Visitor visitor = new Visitor(
                session.json().getString("contactToken"),
                session.json().getJsonNumber("contactId").longValue());
        Reply tooLargeForParley = proxy.widget()
                .post("conversations", visitor.token(), Map.of(), "{\"message\":\"" + "x".repeat(100_000) + "\"}");
        assertThat(tooLargeForParley.status()).isEqualTo(413);
        assertThat(tooLargeForParley.header("Content-Type")).startsWith("application/problem+json");
        assertThat(statusLine("POST /chat/api/v1/conversations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 2000000\r\nConnection: close\r\n\r\n"))
                .as("nginx refuses a body over its own limit before reading it")
                .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(a.count("select count(*) from conversation where contact_id = ?", visitor.contactId()))
                .isZero();
    }

    /** The status line nginx answers to a request written by hand (here: headers announcing a body never sent). */
    static String statusLine(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", plainPort)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    static HttpClient insecureClient() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A visitor of the drill: its conversation, its current socket, and every message it has seen. */
    static final class Chat {
        final int index;
        final Visitor visitor;
        long conversation;
        volatile SocketClient socket;
        final List<SocketClient> sockets = new ArrayList<>();
        final Map<Long, String> seen = new ConcurrentHashMap<>();
        int reconnects;

        Chat(int index, Visitor visitor) {
            this.index = index;
            this.visitor = visitor;
        }

        void connect() {
            socket = await("visitor " + index + "'s socket through nginx")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> SocketClient.connect(proxy, visitor.token()), s -> s != null);
            sockets.add(socket);
        }

        /** What the widget does: when its socket closed, open another and fetch what came after the last message seen. */
        void keepLive() {
            if (socket.isOpen()) {
                return;
            }
            collectFrames();
            connect();
            reconnects++;
            long after = seen.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            Reply missed = await("visitor " + index + "'s resync through nginx")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> proxy.widget()
                                    .get("conversations/" + conversation + "/messages?after=" + after, visitor.token()),
                            reply -> reply.status() == 200);
            missed.array()
                    .getValuesAs(JsonObject.class)
                    .forEach(
                            message -> seen.put(message.getJsonNumber("id").longValue(), message.getString("content")));
        }

        void collectFrames() {
            for (SocketClient client : sockets) {
                client.messageEvents()
                        .forEach(frame -> seen.put(
                                ClusterIT.messageId(frame),
                                frame.getJsonObject("message").getString("content")));
            }
        }
    }

    /**
     * An agent's browser logs in to the console through nginx (the sticky upstream keeps its session's
     * node) and its list updates live over the push channel nginx upgrades, when a visitor, also through
     * nginx, starts a chat on whichever node round robin picks.
     */
    @Test
    @Order(3)
    void theConsoleLogsInAndUpdatesLiveThroughNginx() {
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.get(proxy.uri("admin/login.xhtml").toString());
            driver.findElement(By.id("login:username")).sendKeys(ParleyServer.ADMIN_USER);
            driver.findElement(By.id("login:password")).sendKeys(ParleyServer.ADMIN_PASSWORD);
            driver.findElement(By.id("login:submit")).click();
            browser.waiting(Duration.ofSeconds(30))
                    .withMessage("logged in through nginx, the login's redirect rewritten to nginx's address")
                    .until(d -> !d.findElements(Browser.testId("current-agent")).isEmpty());
            assertThat(driver.getCurrentUrl()).startsWith(proxy.base().toString());
            driver.get(proxy.uri("admin/conversations.xhtml").toString());
            browser.waiting(Duration.ofSeconds(30))
                    .withMessage("the console's push channel is open through nginx")
                    .until(d -> "open".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));

            for (int i = 0; i < 2; i++) {
                WidgetClient widget = proxy.widget();
                long id = widget.start(
                                widget.newVisitor(), "k", WidgetClient.form("Pia", "pia@example.com", "Via nginx " + i))
                        .id();
                browser.waiting(Duration.ofSeconds(30))
                        .withMessage("conversation " + id + " appears live on the console")
                        .ignoring(StaleElementReferenceException.class)
                        .until(d -> !d.findElements(
                                        By.cssSelector("[data-testid=conversation-row][data-id='" + id + "']"))
                                .isEmpty());
            }
            assertThat(driver.getCurrentUrl()).contains("/admin/conversations.xhtml");
        }
    }

    @Test
    @Order(4)
    void whenANodeDiesBehindNginxNothingIsDuplicatedOrLostAndVisitorsReconnectThroughIt() throws Exception {
        List<Chat> chats = IntStream.range(0, VISITORS)
                .mapToObj(i -> new Chat(i, proxy.widget().newVisitor()))
                .toList();
        // every visitor clicks Start three times at once with one key, and once more from another tab
        List<Reply> starts = Race.run(
                VISITORS * 4,
                i -> proxy.widget()
                        .start(
                                chats.get(i / 4).visitor,
                                i % 4 == 3 ? "other-tab" : "click",
                                WidgetClient.form("Visitor " + i / 4, "v" + i / 4 + "@example.com", "Hello " + i / 4)));
        assertThat(starts)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201, 409));
        for (Chat chat : chats) {
            Reply again = proxy.widget()
                    .start(
                            chat.visitor,
                            "click",
                            WidgetClient.form(
                                    "Visitor " + chat.index, "v" + chat.index + "@example.com", "Hello " + chat.index));
            assertThat(again.status()).as(again.toString()).isIn(200, 201);
            chat.conversation = again.id();
            assertThat(IntStream.range(chat.index * 4, chat.index * 4 + 4)
                            .mapToObj(starts::get)
                            .filter(r -> r.status() != 409)
                            .map(Reply::id)
                            .collect(Collectors.toSet()))
                    .containsOnly(chat.conversation);
        }
        // one socket after the other, nothing in between: round robin gives each node half of them
        chats.forEach(Chat::connect);

        List<String> acknowledged = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        for (int round = 0; round < KILL_IN_ROUND; round++) {
            converse(chats, round, acknowledged, replies, null);
        }
        CountDownLatch halfway = new CountDownLatch(VISITORS / 2);
        CompletableFuture<Void> roundOfTheKill =
                CompletableFuture.runAsync(() -> converse(chats, KILL_IN_ROUND, acknowledged, replies, halfway));
        assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
        b.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        roundOfTheKill.get(2, TimeUnit.MINUTES);

        await("some visitors' sockets, held by node B, were closed through nginx")
                .atMost(Duration.ofSeconds(30))
                .until(() -> chats.stream().anyMatch(chat -> !chat.socket.isOpen()));
        assertThat(health(true).exitValue()).isZero();
        assertThat(Files.readAllLines(upstreamFile())).contains("server " + address(b) + " down;");
        chats.forEach(Chat::keepLive);
        for (int round = KILL_IN_ROUND + 1; round < ROUNDS; round++) {
            converse(chats, round, acknowledged, replies, null);
        }

        for (Chat chat : chats) {
            List<String> own = replies.stream()
                    .filter(reply -> reply.startsWith("reply to v" + chat.index + " "))
                    .toList();
            await("every agent reply reached visitor " + chat.index + ", live or by resync")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        chat.keepLive();
                        chat.collectFrames();
                        return chat.seen.values().containsAll(own);
                    });
        }
        assertThat(chats.stream().mapToInt(chat -> chat.reconnects).sum())
                .as("visitors of the killed node reconnected through nginx")
                .isPositive();
        assertThat(chats.stream().filter(chat -> chat.reconnects > 0))
                .allSatisfy(chat -> assertThat(chat.socket.isOpen()).isTrue());

        for (Chat chat : chats) {
            assertThat(a.count("select count(*) from conversation where contact_id = ?", chat.visitor.contactId()))
                    .as("one conversation for visitor " + chat.index)
                    .isEqualTo(1);
        }
        assertThat(acknowledged).hasSize(VISITORS * ROUNDS);
        for (String content : acknowledged) {
            assertThat(a.count("select count(*) from message where content = ?", content))
                    .as("stored exactly once: " + content)
                    .isEqualTo(1);
        }
        for (String content : replies) {
            assertThat(a.count("select count(*) from message where content = ?", content))
                    .as("nginx never resent an agent's POST: " + content)
                    .isEqualTo(1);
        }
        chats.forEach(chat -> chat.sockets.forEach(SocketClient::close));
    }

    /**
     * One round: each visitor writes (retried with the same echoId until answered, as the widget does)
     * and the agent replies. A reply whose answer was lost with node B counts when it was stored (the
     * agent would see it in the conversation) and is written again when it was not.
     */
    static void converse(
            List<Chat> chats, int round, List<String> acknowledged, List<String> replies, CountDownLatch progress) {
        for (Chat chat : chats) {
            String content = "v" + chat.index + " m" + round;
            String body = Json.createObjectBuilder()
                    .add("content", content)
                    .add("echoId", "echo-" + chat.index + "-" + round)
                    .build()
                    .toString();
            await("visitor " + chat.index + "'s message " + round + " acknowledged")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(
                            () -> proxy.widget()
                                    .post(
                                            "conversations/" + chat.conversation + "/messages",
                                            chat.visitor.token(),
                                            Map.of(),
                                            body)
                                    .status(),
                            status -> status == 200 || status == 201);
            synchronized (acknowledged) {
                acknowledged.add(content);
            }
            String reply = "reply to v" + chat.index + " r" + round;
            await("the agent's reply " + reply)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try {
                            if (proxy.agent().reply(chat.conversation, reply).status() == 201) {
                                return true;
                            }
                        } catch (UncheckedIOException lost) {
                            // the answer was lost; the database knows whether it was written
                        }
                        return a.count("select count(*) from message where content = ?", reply) > 0;
                    });
            synchronized (replies) {
                replies.add(reply);
            }
            if (progress != null) {
                progress.countDown();
            }
        }
    }
}
