package dev.parley.it.sweep;

import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.WidgetClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * The bad-input corpus of {@link BadInputSweepIT}: every visitor and agent endpoint crossed with
 * every family of bad input. Deterministic: fixed order, and every random choice comes from one
 * {@link Random} with a fixed seed, so a case number names the same request in every run (only
 * the live ids and tokens of the fixture differ).
 *
 * <p>Each case starts from the endpoint's <em>baseline</em>, a request that would succeed (or, for
 * merge and unmerge, be refused with a domain 4xx), and changes one thing about it. So a server
 * that tolerates the change answers 2xx and writes, and the sweep sees it.
 */
final class BadInputCorpus {

    static final long SEED = 0x5EEDBAD1L;
    static final String VISITOR = "/chat/api/v1/";
    static final String AGENT = "/admin/api/v1/";
    /** Where {@link Req#bytes()} splices raw bytes into a body text. */
    private static final char SPLICE = '\uE000';

    /** What an answer must be. */
    enum Check {
        /** A 4xx application/problem+json whose status matches, with a type and no stack trace. */
        PROBLEM,
        /** A raw protocol violation: a 4xx of any shape or a closed connection; never 5xx, never accepted. */
        TRANSPORT,
        /** RFC 9110 allows rejecting or repairing this one (e.g. NUL in a field value): anything but a 5xx. */
        NO_5XX,
        /**
         * A path that normalizes to a URL outside {@code /chat/api/*} and {@code /admin/api/*} (a dot-dot climb,
         * or a spelling the container does not map to the agent API servlet, which lands in the console): the
         * API does not own that answer, so a 4xx of any shape, or the console's redirect to its login page, is
         * right; never 5xx, never accepted.
         */
        OUTSIDE_API
    }

    /** The live resources the corpus aims at, made by the test's setup. */
    record Fixture(
            int port,
            String websiteToken,
            String visitorToken,
            long conversationId,
            String foreignToken,
            long foreignConversationId,
            String adminUser,
            String adminPassword,
            String realAdminAuthorization,
            String agentAuthorization,
            String agentUser,
            String adminToken) {

        /** The baseline's credential: a token, so a thousand requests cost no PBKDF2 (Basic has its own family). */
        String adminAuthorization() {
            return "Bearer " + adminToken;
        }

        String host() {
            return "127.0.0.1:" + port;
        }
    }

    /** How a case travels: java.net.http (falling back to a socket when it refuses a header or URI), or raw bytes. */
    enum Transport {
        CLIENT,
        STREAMED,
        RAW
    }

    /** One request of the sweep. {@code raw} holds the exact bytes for {@link Transport#RAW}. */
    record Case(
            int id,
            String endpoint,
            String family,
            String name,
            Check check,
            Transport transport,
            String method,
            String target,
            List<String[]> headers,
            byte[] body,
            byte[] raw) {}

    enum Body {
        NONE,
        SESSION,
        IDENTIFY,
        START,
        MESSAGE,
        REPLY,
        STATUS,
        MERGE,
        AGENT,
        TOKEN,
        IDENTITY,
        CONTEXT,
        CANNED,
        ASSIGNEE,
        PRESENCE,
        AUTO_ASSIGN,
        RETENTION,
        WEBHOOK
    }

    record Endpoint(String key, boolean agent, String method, String path, Body body) {

        boolean hasId() {
            return path.contains("{id}");
        }

        String base() {
            return agent ? AGENT : VISITOR;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("visitor POST session", false, "POST", "session", Body.SESSION),
            new Endpoint("visitor POST identify", false, "POST", "identify", Body.IDENTIFY),
            new Endpoint("visitor POST conversations", false, "POST", "conversations", Body.START),
            new Endpoint("visitor GET conversations", false, "GET", "conversations", Body.NONE),
            new Endpoint("visitor GET conversations/current", false, "GET", "conversations/current", Body.NONE),
            new Endpoint(
                    "visitor GET conversations/{id}/messages", false, "GET", "conversations/{id}/messages", Body.NONE),
            new Endpoint(
                    "visitor POST conversations/{id}/messages",
                    false,
                    "POST",
                    "conversations/{id}/messages",
                    Body.MESSAGE),
            new Endpoint("agent GET conversations", true, "GET", "conversations", Body.NONE),
            new Endpoint("agent GET conversations/{id}", true, "GET", "conversations/{id}", Body.NONE),
            new Endpoint(
                    "agent POST conversations/{id}/messages", true, "POST", "conversations/{id}/messages", Body.REPLY),
            new Endpoint(
                    "agent POST conversations/{id}/status", true, "POST", "conversations/{id}/status", Body.STATUS),
            new Endpoint("agent POST conversations/{id}/merge", true, "POST", "conversations/{id}/merge", Body.MERGE),
            new Endpoint(
                    "agent POST conversations/{id}/unmerge", true, "POST", "conversations/{id}/unmerge", Body.NONE),
            new Endpoint(
                    "agent GET conversations/{id}/merge-preview",
                    true,
                    "GET",
                    "conversations/{id}/merge-preview",
                    Body.NONE),
            new Endpoint(
                    "agent GET conversations/{id}/duplicates", true, "GET", "conversations/{id}/duplicates", Body.NONE),
            new Endpoint("agent GET audit", true, "GET", "audit", Body.NONE),
            new Endpoint("agent POST agents", true, "POST", "agents", Body.AGENT),
            new Endpoint("agent GET agents", true, "GET", "agents", Body.NONE),
            new Endpoint("agent GET agents/me", true, "GET", "agents/me", Body.NONE),
            new Endpoint("agent GET agents/{id}", true, "GET", "agents/{id}", Body.NONE),
            new Endpoint("agent POST tokens", true, "POST", "tokens", Body.TOKEN),
            new Endpoint("agent GET tokens", true, "GET", "tokens", Body.NONE),
            new Endpoint("agent POST duplicates/scan", true, "POST", "duplicates/scan", Body.NONE),
            // {id} is the fixture's conversation id taken as a contact id; the device id is a literal
            new Endpoint("agent GET contacts/{id}/devices", true, "GET", "contacts/{id}/devices", Body.NONE),
            new Endpoint(
                    "agent POST contacts/{id}/devices/revoke", true, "POST", "contacts/{id}/devices/revoke", Body.NONE),
            new Endpoint(
                    "agent DELETE contacts/{id}/devices/{tokenId}",
                    true,
                    "DELETE",
                    "contacts/{id}/devices/1",
                    Body.NONE),
            new Endpoint("agent GET inbox/identity", true, "GET", "inbox/identity", Body.NONE),
            new Endpoint("agent PUT inbox/identity", true, "PUT", "inbox/identity", Body.IDENTITY),
            new Endpoint("agent POST inbox/identity/rotate", true, "POST", "inbox/identity/rotate", Body.NONE),
            new Endpoint("visitor PUT context", false, "PUT", "context", Body.CONTEXT),
            new Endpoint("agent GET contacts/{id}/context", true, "GET", "contacts/{id}/context", Body.NONE),
            // {id} is the fixture's conversation id taken as a canned response id (render adds ?conversation=)
            new Endpoint("agent GET canned-responses", true, "GET", "canned-responses", Body.NONE),
            new Endpoint("agent POST canned-responses", true, "POST", "canned-responses", Body.CANNED),
            new Endpoint("agent GET canned-responses/{id}", true, "GET", "canned-responses/{id}", Body.NONE),
            new Endpoint("agent PUT canned-responses/{id}", true, "PUT", "canned-responses/{id}", Body.CANNED),
            new Endpoint("agent DELETE canned-responses/{id}", true, "DELETE", "canned-responses/{id}", Body.NONE),
            new Endpoint(
                    "agent GET canned-responses/{id}/render", true, "GET", "canned-responses/{id}/render", Body.NONE),
            new Endpoint("agent POST conversations/{id}/take", true, "POST", "conversations/{id}/take", Body.NONE),
            new Endpoint(
                    "agent POST conversations/{id}/assignee",
                    true,
                    "POST",
                    "conversations/{id}/assignee",
                    Body.ASSIGNEE),
            new Endpoint("agent POST conversations/{id}/seen", true, "POST", "conversations/{id}/seen", Body.NONE),
            new Endpoint("agent PUT agents/me/presence", true, "PUT", "agents/me/presence", Body.PRESENCE),
            new Endpoint("agent GET inbox/assignment", true, "GET", "inbox/assignment", Body.NONE),
            new Endpoint("agent PUT inbox/assignment", true, "PUT", "inbox/assignment", Body.AUTO_ASSIGN),
            // issue 14 part 3: {id} is the fixture's conversation id taken as a contact or request id
            new Endpoint("agent GET contacts/{id}/export", true, "GET", "contacts/{id}/export", Body.NONE),
            new Endpoint("agent DELETE contacts/{id}", true, "DELETE", "contacts/{id}", Body.NONE),
            new Endpoint("agent GET inbox/retention", true, "GET", "inbox/retention", Body.NONE),
            new Endpoint("agent PUT inbox/retention", true, "PUT", "inbox/retention", Body.RETENTION),
            new Endpoint("agent POST inbox/retention/run", true, "POST", "inbox/retention/run", Body.NONE),
            new Endpoint("agent GET erasure-requests", true, "GET", "erasure-requests", Body.NONE),
            new Endpoint(
                    "agent POST erasure-requests/{id}/confirm",
                    true,
                    "POST",
                    "erasure-requests/{id}/confirm",
                    Body.NONE),
            new Endpoint(
                    "agent POST erasure-requests/{id}/reject", true, "POST", "erasure-requests/{id}/reject", Body.NONE),
            // off by default: the baseline is a 404
            new Endpoint("visitor POST erasure-requests", false, "POST", "erasure-requests", Body.NONE),
            // {id} is the fixture's conversation id taken as a webhook endpoint id (and a delivery id)
            new Endpoint("agent GET webhooks", true, "GET", "webhooks", Body.NONE),
            new Endpoint("agent POST webhooks", true, "POST", "webhooks", Body.WEBHOOK),
            new Endpoint("agent GET webhooks/{id}", true, "GET", "webhooks/{id}", Body.NONE),
            new Endpoint("agent PUT webhooks/{id}", true, "PUT", "webhooks/{id}", Body.WEBHOOK),
            new Endpoint("agent DELETE webhooks/{id}", true, "DELETE", "webhooks/{id}", Body.NONE),
            new Endpoint("agent GET webhooks/{id}/deliveries", true, "GET", "webhooks/{id}/deliveries", Body.NONE),
            new Endpoint(
                    "agent POST webhooks/{id}/deliveries/{deliveryId}/redeliver",
                    true,
                    "POST",
                    "webhooks/{id}/deliveries/{id}/redeliver",
                    Body.NONE));

    /** The identity the session and identify bodies vouch for, signed with the test server's identity secret. */
    static final String SWEEP_IDENTIFIER = "sweep-user";

    static final String SWEEP_IDENTIFIER_HASH =
            WidgetClient.identityHash(ParleyServer.IDENTITY_SECRET, SWEEP_IDENTIFIER);

    static final String RAW_ENDPOINT = "raw HTTP (socket)";
    static final String VISITOR_PATHS = "visitor paths";
    static final String AGENT_PATHS = "agent paths";

    enum Kind {
        TEXT,
        EMAIL,
        TOKEN,
        ASCII,
        ENUM,
        PASSWORD,
        USERNAME,
        IDS,
        BOOL,
        /** One positive id, or null. */
        ID
    }

    /** A body field: its JSON name, what it holds, whether it is required, its length limit, its valid value. */
    record Field(String name, Kind kind, boolean required, int limit, boolean multiline, String value) {

        boolean isString() {
            return kind != Kind.IDS && kind != Kind.BOOL && kind != Kind.ID;
        }
    }

    /** A request under construction. */
    static final class Req {
        String method;
        String target;
        final List<String[]> headers = new ArrayList<>();
        String text;
        byte[] splice = new byte[0];
        byte[] body;

        Req(String method, String target) {
            this.method = method;
            this.target = target;
        }

        Req set(String name, String value) {
            without(name);
            headers.add(new String[] {name, value});
            return this;
        }

        Req add(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Req without(String name) {
            headers.removeIf(header -> header[0].equalsIgnoreCase(name));
            return this;
        }

        Req text(String text) {
            this.text = text;
            this.body = null;
            return this;
        }

        Req body(byte[] body) {
            this.body = body;
            this.text = null;
            return this;
        }

        /** The body as bytes: the explicit bytes, or the text in UTF-8 with the splice bytes at its marker. */
        byte[] bytes() {
            if (body != null) {
                return body;
            }
            if (text == null) {
                return null;
            }
            int at = text.indexOf(SPLICE);
            if (at < 0) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(splice);
            out.writeBytes(text.substring(at + 1).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    private final Fixture f;
    private final Random random = new Random(SEED);
    private final List<Case> cases = new ArrayList<>();
    private int serial;

    private BadInputCorpus(Fixture fixture) {
        this.f = fixture;
    }

    static List<Case> generate(Fixture fixture) {
        return new BadInputCorpus(fixture).all();
    }

    private List<Case> all() {
        for (Endpoint ep : ENDPOINTS) {
            if (ep.body() != Body.NONE) {
                malformedJson(ep);
                wrongTypes(ep);
                hugeFields(ep);
                controlCharacters(ep);
                invalidUtf8(ep);
                contentTypes(ep);
            }
            credentials(ep);
            methods(ep);
            accept(ep);
            pathSuffixes(ep);
            if (ep.hasId()) {
                idTricks(ep);
            }
        }
        queries();
        headerAbuse();
        globalPaths();
        privileged();
        rawHttp();
        fuzz();
        return List.copyOf(cases);
    }

    // ---------------------------------------------------------------------------------------- baseline

    private Endpoint endpoint(String key) {
        return ENDPOINTS.stream().filter(ep -> ep.key().equals(key)).findFirst().orElseThrow();
    }

    private String path(Endpoint ep, String id) {
        String query = ep.path().endsWith("merge-preview")
                ? "?sourceIds=" + f.foreignConversationId()
                : ep.path().endsWith("/render") ? "?conversation=" + f.conversationId() : "";
        return ep.base() + ep.path().replace("{id}", id) + query;
    }

    private Req base(Endpoint ep) {
        int n = serial++;
        Req req = new Req(ep.method(), path(ep, String.valueOf(f.conversationId())));
        if (ep.agent()) {
            req.set("Authorization", f.adminAuthorization());
        } else if (ep.body() != Body.SESSION) {
            req.set("Authorization", "Bearer " + f.visitorToken());
        }
        if (ep.body() != Body.NONE) {
            req.set("Content-Type", "application/json");
            req.text(object(fields(ep.body(), n), Map.of()));
        }
        if (ep.body() == Body.START) {
            req.set("Idempotency-Key", "sweep-key-" + n);
        }
        return req;
    }

    private List<Field> fields(Body body, int n) {
        return switch (body) {
            case SESSION ->
                List.of(
                        new Field("websiteToken", Kind.TOKEN, true, 100, false, f.websiteToken()),
                        new Field("identifier", Kind.TEXT, true, 255, false, SWEEP_IDENTIFIER),
                        new Field("identifierHash", Kind.ASCII, true, 64, false, SWEEP_IDENTIFIER_HASH));
            // a verified identity: any one field broken is a 400 (its shape) or a 401 (not verified)
            case IDENTIFY ->
                List.of(
                        new Field("identifier", Kind.TEXT, true, 255, false, SWEEP_IDENTIFIER),
                        new Field("identifierHash", Kind.ASCII, true, 64, false, SWEEP_IDENTIFIER_HASH));
            case START ->
                List.of(
                        new Field("name", Kind.TEXT, true, 200, false, "Sweep Visitor"),
                        new Field("email", Kind.EMAIL, true, 320, false, "sweep.visitor@example.com"),
                        new Field("message", Kind.TEXT, true, 10_000, true, "Sweep says hello"));
            case MESSAGE ->
                List.of(
                        new Field("content", Kind.TEXT, true, 10_000, true, "Sweep message"),
                        new Field("echoId", Kind.ASCII, false, 100, false, "sweep-echo-" + n));
            case REPLY -> List.of(new Field("content", Kind.TEXT, true, 10_000, true, "Sweep reply"));
            case STATUS -> List.of(new Field("status", Kind.ENUM, true, 20, false, "OPEN"));
            case MERGE ->
                List.of(
                        new Field("sourceIds", Kind.IDS, true, 50, false, "[" + f.foreignConversationId() + "]"),
                        new Field("allowCrossContact", Kind.BOOL, false, 0, false, "false"));
            case AGENT ->
                List.of(
                        new Field("username", Kind.USERNAME, true, 100, false, "sweep-new-" + n),
                        new Field("displayName", Kind.TEXT, true, 200, false, "Sweep New"),
                        new Field("password", Kind.PASSWORD, true, 200, false, "sweep-password-123"),
                        new Field("role", Kind.ENUM, true, 20, false, "AGENT"));
            case TOKEN -> List.of(new Field("name", Kind.TEXT, true, 100, false, "sweep-token"));
            case IDENTITY -> List.of(new Field("mode", Kind.ENUM, true, 20, false, "OPTIONAL"));
            // optional fields too: left out is valid, but blank, broken or over the limit is refused
            case CONTEXT ->
                List.of(
                        new Field("url", Kind.ASCII, true, 2048, false, "https://sweep.example/page?n=" + n),
                        new Field("title", Kind.TEXT, false, 300, false, "Sweep page"),
                        new Field("language", Kind.ENUM, false, 35, false, "en-GB"),
                        new Field("timeZone", Kind.ENUM, false, 64, false, "Europe/Berlin"));
            case CANNED ->
                List.of(
                        new Field("shortCode", Kind.ASCII, true, 32, false, "sweep-" + n),
                        new Field("title", Kind.TEXT, true, 200, false, "Sweep canned"),
                        new Field("content", Kind.TEXT, true, 4000, true, "Sweep canned text"));
            // unassigning an unassigned conversation: accepted, and changes nothing
            case ASSIGNEE -> List.of(new Field("agentId", Kind.ID, true, 0, false, "null"));
            case PRESENCE -> List.of(new Field("status", Kind.ENUM, true, 20, false, "OFFLINE"));
            case AUTO_ASSIGN -> List.of(new Field("autoAssign", Kind.BOOL, true, 0, false, "false"));
            // every field optional (left out keeps its value): the baseline stores the defaults again
            case RETENTION ->
                List.of(
                        new Field("messageRetentionDays", Kind.ID, false, 0, false, "null"),
                        new Field("auditRetentionDays", Kind.ID, false, 0, false, "null"),
                        new Field("visitorErasureRequests", Kind.BOOL, false, 0, false, "false"));
            // events is a JSON array of names: raw like IDS, and every id-array mutation is an unknown name
            case WEBHOOK ->
                List.of(
                        new Field("url", Kind.ASCII, true, 2048, false, "http://127.0.0.1:9/sweep-hook-" + n),
                        new Field("events", Kind.IDS, true, 20, false, "[\"message.created\"]"));
            case NONE -> List.of();
        };
    }

    /** A JSON object of the fields' valid values, with some raw JSON values replaced ({@code null}: left out). */
    private static String object(List<Field> fields, Map<String, String> rawValues) {
        StringBuilder json = new StringBuilder("{");
        for (Field field : fields) {
            String value = rawValues.containsKey(field.name()) ? rawValues.get(field.name()) : raw(field);
            if (value == null) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(q(field.name())).append(':').append(value);
        }
        return json.append('}').toString();
    }

    private static String raw(Field field) {
        return field.isString() ? q(field.value()) : field.value();
    }

    private String with(Endpoint ep, String field, String rawValue) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(field, rawValue);
        return object(fields(ep.body(), serial - 1), values);
    }

    /** A JSON string: quotes, backslashes, control characters and surrogates escaped; the rest literal. */
    static String q(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private void add(String endpoint, String family, String name, Req req) {
        add(endpoint, family, name, req, Check.PROBLEM, Transport.CLIENT);
    }

    private void add(String endpoint, String family, String name, Req req, Check check, Transport transport) {
        List<String[]> headers = new ArrayList<>();
        req.headers.forEach(header -> headers.add(header.clone()));
        cases.add(new Case(
                cases.size() + 1,
                endpoint,
                family,
                name,
                check,
                transport,
                req.method,
                req.target,
                List.copyOf(headers),
                req.bytes(),
                null));
    }

    private void addRaw(String name, Check check, byte[] raw) {
        cases.add(new Case(
                cases.size() + 1,
                RAW_ENDPOINT,
                "raw HTTP",
                name,
                check,
                Transport.RAW,
                null,
                null,
                List.of(),
                null,
                raw));
    }

    // ---------------------------------------------------------------------------------------- bodies

    private void malformedJson(Endpoint ep) {
        String family = "malformed JSON";
        String b = base(ep).text;
        Field primary = fields(ep.body(), 0).get(0);
        String k = q(primary.name());
        String v = raw(primary);
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty body", "");
        bodies.put("only spaces", "   ");
        bodies.put("only CRLF and tab", "\r\n\t");
        bodies.put("lone {", "{");
        bodies.put("lone }", "}");
        bodies.put("lone [", "[");
        bodies.put("empty object", "{}");
        bodies.put("null", "null");
        bodies.put("true", "true");
        bodies.put("number", "-1.5e3");
        bodies.put("string", "\"text\"");
        bodies.put("empty array", "[]");
        bodies.put("object in an array", "[" + b + "]");
        bodies.put("extra closing brace", b + "}");
        bodies.put("trailing garbage", b + " trailing");
        bodies.put("two objects", b + b);
        bodies.put("trailing comma after object", b + ",");
        bodies.put("last byte missing", b.substring(0, b.length() - 1));
        for (int i = 0; i < 4; i++) {
            int cut = 1 + random.nextInt(b.length() - 2);
            bodies.put("truncated at byte " + cut, b.substring(0, cut));
        }
        bodies.put("single quotes", b.replace('"', '\''));
        bodies.put("unquoted keys", "{" + primary.name() + ":" + v + "}");
        bodies.put("trailing comma in object", "{" + k + ":" + v + ",}");
        bodies.put("lone comma", "{,}");
        bodies.put("missing colon", "{" + k + " " + v + "}");
        bodies.put("double colon", "{" + k + "::" + v + "}");
        bodies.put("missing comma", "{" + k + ":" + v + " " + k + ":" + v + "}");
        bodies.put("wrong closing bracket", "{" + k + ":" + v + "]");
        bodies.put("array opened, object closed", "[" + k + ":" + v + "}");
        bodies.put("number key", "{1:" + v + "}");
        bodies.put("NaN", "{" + k + ":NaN}");
        bodies.put("Infinity", "{" + k + ":Infinity}");
        bodies.put("-Infinity", "{" + k + ":-Infinity}");
        bodies.put("undefined", "{" + k + ":undefined}");
        bodies.put("hex number", "{" + k + ":0x10}");
        bodies.put("leading zero", "{" + k + ":01}");
        bodies.put("dangling decimal point", "{" + k + ":1.}");
        bodies.put("leading decimal point", "{" + k + ":.5}");
        bodies.put("plus sign", "{" + k + ":+1}");
        bodies.put("bare exponent", "{" + k + ":1e}");
        bodies.put("bad escape \\x", "{" + k + ":\"\\x41\"}");
        bodies.put("short unicode escape", "{" + k + ":\"\\u12\"}");
        bodies.put("escaped closing quote", "{" + k + ":\"\\\"}");
        bodies.put("unterminated string", "{" + k + ":\"unterminated}");
        bodies.put("block comment", "/* comment */" + b);
        bodies.put("line comment", "// comment\n" + b);
        bodies.put("byte order mark", "\uFEFF" + b);
        bodies.put("nesting 10,000 arrays", "[".repeat(10_000) + "]".repeat(10_000));
        bodies.put("field nesting 10,000 arrays", "{" + k + ":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        bodies.put("nesting 10,000 objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        bodies.put("10,000 unclosed arrays", "[".repeat(10_000));
        bodies.put("5,000-digit number", "{" + k + ":" + "9".repeat(5_000) + "}");
        bodies.put("number 1e999999999", "{" + k + ":1e999999999}");
        bodies.put("number -1e-999999999", "{" + k + ":-1e-999999999}");
        bodies.put("30-digit number", "{" + k + ":123456789012345678901234567890}");
        bodies.forEach((name, body) -> add(ep.key(), family, name, base(ep).text(body)));
    }

    private void wrongTypes(Endpoint ep) {
        for (Field field : fields(ep.body(), 0)) {
            List<String> values = switch (field.kind()) {
                case IDS ->
                    List.of(
                            "\"" + f.foreignConversationId() + "\"",
                            String.valueOf(f.foreignConversationId()),
                            "true",
                            "null",
                            "{}",
                            "[]",
                            "[\"1\"]",
                            "[1.5]",
                            "[0]",
                            "[-1]",
                            "[-0]",
                            "[null]",
                            "[true]",
                            "[[1]]",
                            "[{}]",
                            "[99999999999999999999]",
                            "[9223372036854775808]",
                            "[1e400]",
                            "[1e999999999]",
                            "[" + "9".repeat(5_000) + "]",
                            "[" + f.foreignConversationId() + ".5]");
                case BOOL -> List.of("\"true\"", "1", "0", "\"yes\"", "[]", "{}", "[true]");
                case ID ->
                    List.of(
                            "\"1\"",
                            "true",
                            "0",
                            "-1",
                            "-0",
                            "1.5",
                            "1e400",
                            "99999999999999999999",
                            "9223372036854775808",
                            "[]",
                            "[1]",
                            "{}",
                            "{\"id\":1}");
                default -> {
                    List<String> wrong = new ArrayList<>(List.of(
                            "1",
                            "-1",
                            "0",
                            "1.5",
                            "1e400",
                            "true",
                            "false",
                            "[]",
                            "[" + q(field.value()) + "]",
                            "{}",
                            "{\"value\":" + q(field.value()) + "}"));
                    if (field.required()) {
                        wrong.add("null");
                    }
                    yield wrong;
                }
            };
            for (String value : values) {
                add(
                        ep.key(),
                        "wrong JSON type",
                        field.name() + " = " + abbreviate(value),
                        base(ep).text(with(ep, field.name(), value)));
            }
            if (field.required()) {
                add(
                        ep.key(),
                        "wrong JSON type",
                        field.name() + " missing",
                        base(ep).text(with(ep, field.name(), null)));
            }
        }
    }

    private void hugeFields(Endpoint ep) {
        String family = "huge or empty field";
        for (Field field : fields(ep.body(), 0)) {
            Map<String, String> values = new LinkedHashMap<>();
            switch (field.kind()) {
                case IDS -> {
                    values.put(
                            "51 ids",
                            "[" + (f.foreignConversationId() + ",").repeat(50) + f.foreignConversationId() + "]");
                    values.put("10,000 ids", "[" + "1,".repeat(9_999) + "1]");
                }
                case BOOL, ID -> {
                    continue;
                }
                case PASSWORD -> {
                    values.put("11 characters", q("p".repeat(11)));
                    values.put("201 characters", q("p".repeat(201)));
                    values.put("60,000 characters", q("p".repeat(60_000)));
                }
                default -> {
                    String over = field.kind() == Kind.EMAIL
                            ? "a".repeat(field.limit() + 1 - 12) + "@example.com"
                            : "x".repeat(field.limit() + 1);
                    values.put((field.limit() + 1) + " characters", q(over));
                    values.put((field.limit() + 1) + " two-byte characters", q("\u00e9".repeat(field.limit() + 1)));
                    values.put("60,000 characters (body under 64 KiB)", q("x".repeat(60_000)));
                    values.put("100,000 characters (body over 64 KiB)", q("x".repeat(100_000)));
                    values.put("empty string", q(""));
                    values.put("only whitespace", q("  \t  "));
                }
            }
            values.forEach((name, value) ->
                    add(ep.key(), family, field.name() + ": " + name, base(ep).text(with(ep, field.name(), value))));
        }
        if (ep.body() == Body.REPLY) {
            add(
                    ep.key(),
                    family,
                    "content: 1,000,000 characters",
                    base(ep).text(with(ep, "content", q("x".repeat(1_000_000)))));
            add(
                    ep.key(),
                    family,
                    "content: a 200,000-digit number",
                    base(ep).text(with(ep, "content", "1" + "0".repeat(200_000))));
        }
        if (ep.body() == Body.MESSAGE) {
            add(
                    ep.key(),
                    family,
                    "content: a 60,000-digit number",
                    base(ep).text(with(ep, "content", "1" + "0".repeat(60_000))));
        }
    }

    private void controlCharacters(Endpoint ep) {
        String family = "control character or lone surrogate";
        for (Field field : fields(ep.body(), 0)) {
            if (!field.isString() || field.kind() == Kind.PASSWORD) {
                continue;
            }
            List<Integer> controls =
                    new ArrayList<>(List.of(0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x85, 0x9b));
            if (!field.multiline()) {
                controls.addAll(List.of(0x0a, 0x09, 0x0d));
            }
            String value = field.value();
            int at = Math.min(3, value.length());
            for (int c : controls) {
                String name = String.format("U+%04X", c);
                String escaped =
                        "\"" + value.substring(0, at) + String.format("\\u%04x", c) + value.substring(at) + "\"";
                add(
                        ep.key(),
                        family,
                        field.name() + ": escaped " + name,
                        base(ep).text(with(ep, field.name(), escaped)));
                String literal = "\"" + value.substring(0, at) + (char) c + value.substring(at) + "\"";
                add(
                        ep.key(),
                        family,
                        field.name() + ": literal " + name,
                        base(ep).text(with(ep, field.name(), literal)));
            }
            Map<String, String> surrogates = new LinkedHashMap<>();
            surrogates.put("lone high surrogate \\ud800", value.substring(0, at) + "\\ud800" + value.substring(at));
            surrogates.put("lone low surrogate \\udfff", value.substring(0, at) + "\\udfff" + value.substring(at));
            surrogates.put(
                    "reversed pair \\udc00\\ud800", value.substring(0, at) + "\\udc00\\ud800" + value.substring(at));
            surrogates.put("high surrogate at the end \\ud83d", value + "\\ud83d");
            surrogates.forEach((name, escaped) -> add(
                    ep.key(),
                    family,
                    field.name() + ": " + name,
                    base(ep).text(with(ep, field.name(), "\"" + escaped + "\""))));
        }
    }

    private void invalidUtf8(Endpoint ep) {
        String family = "invalid UTF-8";
        Field primary = fields(ep.body(), 0).get(0);
        Map<String, byte[]> sequences = new LinkedHashMap<>();
        sequences.put("byte FF", bytes(0xff));
        sequences.put("byte FE", bytes(0xfe));
        sequences.put("overlong NUL C0 80", bytes(0xc0, 0x80));
        sequences.put("overlong C1 BF", bytes(0xc1, 0xbf));
        sequences.put("overlong E0 80 80", bytes(0xe0, 0x80, 0x80));
        sequences.put("encoded surrogate ED A0 80", bytes(0xed, 0xa0, 0x80));
        sequences.put("encoded surrogate ED BF BF", bytes(0xed, 0xbf, 0xbf));
        sequences.put("CESU-8 pair ED A0 BD ED B8 80", bytes(0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80));
        sequences.put("above U+10FFFF F4 90 80 80", bytes(0xf4, 0x90, 0x80, 0x80));
        sequences.put("F5 80 80 80", bytes(0xf5, 0x80, 0x80, 0x80));
        sequences.put("5-byte F8 88 80 80 80", bytes(0xf8, 0x88, 0x80, 0x80, 0x80));
        sequences.put("6-byte FC 84 80 80 80 80", bytes(0xfc, 0x84, 0x80, 0x80, 0x80, 0x80));
        sequences.put("lone continuation 80", bytes(0x80));
        sequences.put("lone continuation BF", bytes(0xbf));
        sequences.put("truncated 2-byte C3", bytes(0xc3));
        sequences.put("truncated 3-byte E2 82", bytes(0xe2, 0x82));
        sequences.put("truncated 4-byte F0 9F 98", bytes(0xf0, 0x9f, 0x98));
        sequences.put("Latin-1 E9", bytes(0xe9));
        sequences.forEach((name, sequence) -> {
            Req req = base(ep);
            String value = primary.isString() ? "\"Swe" + SPLICE + "ep\"" : "[\"" + SPLICE + "\"]";
            req.text(with(ep, primary.name(), value)).splice = sequence;
            add(ep.key(), family, primary.name() + ": " + name, req);
        });
        Req key = base(ep);
        key.text(key.text.replaceFirst("\"" + primary.name() + "\"", "\"" + primary.name() + SPLICE + "\"")).splice =
                bytes(0xff);
        add(ep.key(), family, "byte FF in a key", key);
        String b = base(ep).text;
        add(
                ep.key(),
                family,
                "body in UTF-16LE with BOM",
                base(ep).body(concat(bytes(0xff, 0xfe), encode(b, StandardCharsets.UTF_16LE))));
        add(ep.key(), family, "body in UTF-16BE", base(ep).body(encode(b, StandardCharsets.UTF_16BE)));
        add(ep.key(), family, "body in UTF-32BE", base(ep).body(encode(b, Charset.forName("UTF-32BE"))));
        // a non-string primary field carries its 'é' in its key: an ASCII-only body reads the same in both charsets
        String latin = primary.isString()
                ? with(ep, primary.name(), q("Sw\u00e9ep"))
                : b.replaceFirst("\"" + primary.name() + "\"", "\"" + primary.name() + "\u00e9\"");
        add(
                ep.key(),
                family,
                "body in ISO-8859-1, declared",
                base(ep).set("Content-Type", "application/json; charset=ISO-8859-1")
                        .body(encode(latin, StandardCharsets.ISO_8859_1)));
        add(
                ep.key(),
                family,
                "windows-1252 smart quotes",
                base(ep).body(concat(
                        bytes(0x7b, 0x93),
                        encode(primary.name(), StandardCharsets.US_ASCII),
                        bytes(0x94, 0x3a, 0x93, 0x78, 0x94, 0x7d))));
    }

    private void contentTypes(Endpoint ep) {
        String family = "wrong Content-Type";
        for (String type : List.of(
                "text/plain",
                "text/plain; charset=utf-8",
                "application/xml",
                "text/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=sweep",
                "application/octet-stream",
                "application/jsonx",
                "application/json-patch+json",
                "text/json",
                "application/problem+json",
                "application/javascript",
                "image/png",
                "")) {
            add(ep.key(), family, "Content-Type '" + type + "'", base(ep).set("Content-Type", type));
        }
        // a body without Content-Type is taken as JSON (JAX-RS leniency, not asserted): with a malformed body it is a
        // 4xx
        add(
                ep.key(),
                family,
                "no Content-Type with a malformed body",
                base(ep).without("Content-Type").text("{\"malformed\""));
        add(
                ep.key(),
                family,
                "two Content-Types, text/plain first",
                base(ep).set("Content-Type", "text/plain").add("Content-Type", "application/json"));
        // the server may parse these leniently; the body is malformed, so every right answer is a 4xx
        for (String type : List.of(
                "application/json; charset",
                "application/json;;",
                "application/json; =x",
                "*/*",
                "application/*",
                "application/json, text/plain",
                "APPLICATION/JSON",
                "application/json; charset=nope",
                "application/json; charset=\u00e9",
                "a".repeat(5_000) + "/json")) {
            add(
                    ep.key(),
                    family,
                    "Content-Type '" + abbreviate(type) + "' with a malformed body",
                    base(ep).set("Content-Type", type).text("{\"malformed\""));
        }
        add(
                ep.key(),
                family,
                "gzip body, Content-Encoding: gzip",
                base(ep).set("Content-Encoding", "gzip").body(gzip(base(ep).bytes())));
    }

    // ---------------------------------------------------------------------------------------- credentials

    /**
     * The Basic credentials that decode to a user and a password, so the server runs its password check: a
     * PBKDF2 of 600,000 rounds, for a known user and (as a decoy) for an unknown one. One mechanism
     * ({@code AgentAuthentication}) checks them for every agent endpoint, so they are sent to one endpoint of each
     * method ({@link #PASSWORD_CHECKED}) and the other agent endpoints get the rest of the family: on every
     * endpoint they cost about 0.7 s each on two cores, nine minutes of the sweep.
     */
    private static final Set<String> REACH_PASSWORD_CHECK = Set.of(
            "empty user name",
            "empty password",
            "wrong password",
            "unknown user",
            "user name in upper case",
            "password with a trailing space",
            "password with a trailing newline",
            "password plus ':extra'",
            "credentials in invalid UTF-8",
            "NUL in the user name",
            "lone surrogate in the user name",
            "3,000-character user name",
            "SQL in the user name");

    /** The first agent endpoint of each method: these get every bad Basic credential. */
    private static final Set<Endpoint> PASSWORD_CHECKED = Set.copyOf(ENDPOINTS.stream()
            .filter(Endpoint::agent)
            .collect(Collectors.toMap(Endpoint::method, ep -> ep, (first, later) -> first, LinkedHashMap::new))
            .values());

    private void credentials(Endpoint ep) {
        String family = ep.agent() ? "bad Basic credentials" : "bad contact token";
        Map<String, String> values = new LinkedHashMap<>();
        if (ep.agent()) {
            String admin = f.adminUser();
            String password = f.adminPassword();
            values.put("anonymous (no Authorization)", null);
            values.put("empty Authorization", "");
            values.put("'Basic' without credentials", "Basic");
            values.put("'Basic ' and nothing", "Basic ");
            values.put("not base64", "Basic !!!!");
            values.put("no colon", basic(admin));
            values.put("empty user name", basic(":" + password));
            values.put("empty password", basic(admin + ":"));
            values.put("wrong password", basic(admin + ":wrong-password"));
            values.put("unknown user", basic("nobody:" + password));
            values.put("user name in upper case", basic(admin.toUpperCase(Locale.ROOT) + ":" + password));
            values.put("password with a trailing space", basic(admin + ":" + password + " "));
            values.put("password with a trailing newline", basic(admin + ":" + password + "\n"));
            values.put("password plus ':extra'", basic(admin + ":" + password + ":extra"));
            values.put(
                    "credentials in invalid UTF-8",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(concat(
                                            bytes(0xff, 0xfe), (":" + password).getBytes(StandardCharsets.UTF_8))));
            values.put(
                    "NUL in the user name",
                    basic(admin.substring(0, 3) + "\u0000" + admin.substring(3) + ":" + password));
            values.put("lone surrogate in the user name", basic(admin + "\ud800:" + password));
            values.put("3,000-character user name", basic("u".repeat(3_000) + ":" + password));
            values.put("SQL in the user name", basic("' or '1'='1:' or '1'='1"));
            values.put("broken padding", basic(admin + ":" + password) + "=");
            values.put("trailing garbage after base64", basic(admin + ":" + password) + " garbage");
            values.put("token with broken padding", f.adminAuthorization() + "=");
            values.put("token and trailing garbage", f.adminAuthorization() + " garbage");
            values.put("token of the wrong shape", "Bearer pat_" + "A".repeat(42));
            values.put("unknown token", "Bearer pat_" + "A".repeat(43));
            values.put("Bearer with a visitor token", "Bearer " + f.visitorToken());
            values.put("Digest", "Digest username=\"" + admin + "\", realm=\"Parley\"");
            values.put("NTLM", "NTLM TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA=");
            values.put("scheme only 'Negotiate'", "Negotiate");
            values.put("4 KB of base64", "Basic " + "QUFB".repeat(1_024));
            if (!PASSWORD_CHECKED.contains(ep)) {
                values.keySet().removeAll(REACH_PASSWORD_CHECK);
            }
        } else {
            String token = f.visitorToken();
            char last = token.charAt(token.length() - 1);
            String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
            if (ep.body() != Body.SESSION) {
                values.put("no Authorization", null);
            }
            values.put("empty Authorization", "");
            values.put("'Bearer' without a token", "Bearer");
            values.put("'Bearer ' and nothing", "Bearer ");
            values.put("Basic scheme with the token", "Basic " + token);
            values.put("Token scheme", "Token " + token);
            values.put("token without a scheme", token);
            values.put("tab instead of space", "Bearer\t" + token);
            values.put("token plus one character", "Bearer " + token + "x");
            values.put("token minus one character", "Bearer " + token.substring(1));
            values.put("forged token (last character changed)", "Bearer " + forged);
            values.put("43 x 'A'", "Bearer " + "A".repeat(43));
            values.put("43 x '='", "Bearer " + "=".repeat(43));
            values.put("standard base64 characters", "Bearer " + token.substring(0, 41) + "+/");
            values.put("token and a second word", "Bearer " + token + " extra");
            values.put("two tokens, comma-separated", "Bearer " + forged + ", Bearer " + token);
            values.put("SQL", "Bearer ' or 1=1 --");
            values.put("Latin-1 characters", "Bearer " + "\u00e9".repeat(43));
            values.put("Cyrillic token", "Bearer " + "\u0436".repeat(43));
            values.put("4 KB token", "Bearer " + "A".repeat(4_096));
        }
        values.forEach((name, value) -> {
            Req req = base(ep);
            if (value == null) {
                req.without("Authorization");
            } else {
                req.set("Authorization", value);
            }
            add(ep.key(), family, name, req);
        });
        if (!ep.agent()) {
            add(
                    ep.key(),
                    family,
                    "two Authorization headers, forged first",
                    base(ep).set("Authorization", "Bearer " + "A".repeat(43))
                            .add("Authorization", "Bearer " + f.visitorToken()));
            if (ep.hasId()) {
                add(
                        ep.key(),
                        family,
                        "another visitor's token (foreign conversation)",
                        base(ep).set("Authorization", "Bearer " + f.foreignToken()));
            }
        } else {
            add(
                    ep.key(),
                    family,
                    "two Authorization headers, wrong first",
                    base(ep).set("Authorization", basic("nobody:x")).add("Authorization", f.adminAuthorization()));
        }
    }

    private void methods(Endpoint ep) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Endpoint other : ENDPOINTS) {
            if (other.agent() == ep.agent() && other.path().equals(ep.path())) {
                allowed.add(other.method());
            }
        }
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
            if (allowed.contains(method)) {
                continue;
            }
            Req req = base(ep);
            req.method = method;
            if (method.equals("GET")) {
                req.without("Content-Type").text(null);
            }
            add(ep.key(), "wrong method", method, req);
        }
    }

    /**
     * RFC 9110 lets a server disregard Accept, so an unacceptable Accept travels with bad credentials or a
     * malformed body: whatever the server does with Accept, the answer is a 4xx, and it must still be a problem.
     */
    private void accept(Endpoint ep) {
        for (String accept : List.of("text/html", "application/xml", "image/png", "application/json;q=0")) {
            Req req = base(ep).set("Accept", accept);
            if (ep.body() == Body.SESSION) {
                req.text("{\"malformed\"");
                add(ep.key(), "unacceptable Accept", "Accept: " + accept + " with a malformed body", req);
            } else {
                req.set("Authorization", ep.agent() ? basic("nobody:x") : "Bearer " + "A".repeat(43));
                add(ep.key(), "unacceptable Accept", "Accept: " + accept + " with bad credentials", req);
            }
        }
    }

    private void pathSuffixes(Endpoint ep) {
        String family = "path trick";
        Map<String, String> suffixes = new LinkedHashMap<>();
        suffixes.put("extra segment", "/extra");
        suffixes.put("encoded slash", "%2F");
        suffixes.put("encoded slash and segment", "%2Fextra");
        suffixes.put("trailing dot", ".");
        suffixes.put("trailing '..' segment then a name", "/../nothing");
        suffixes.put("encoded NUL", "%00");
        suffixes.put("encoded dot-dot climb", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd");
        suffixes.put("double-encoded dot-dot climb", "/%252e%252e/%252e%252e/etc/passwd");
        suffixes.put("trailing tilde", "~");
        suffixes.put("'.json' extension", ".json");
        suffixes.put("8,000-character segment", "/" + "a".repeat(8_000));
        if (!ep.agent()) {
            suffixes.put("'..;' climb into the agent API", "/..;/..;/..;/..;/admin/api/v1/audit");
        }
        Req probe = base(ep);
        int query = probe.target.indexOf('?');
        String path = query < 0 ? probe.target : probe.target.substring(0, query);
        String rest = query < 0 ? "" : probe.target.substring(query);
        suffixes.forEach((name, suffix) -> {
            Req req = base(ep);
            req.target = path + suffix + rest;
            add(
                    ep.key(),
                    family,
                    name,
                    req,
                    name.equals("encoded dot-dot climb") ? Check.OUTSIDE_API : Check.PROBLEM,
                    Transport.CLIENT);
        });
        Req upper = base(ep);
        upper.target = ep.base() + path.substring(ep.base().length()).toUpperCase(Locale.ROOT) + rest;
        add(ep.key(), family, "upper-case path", upper);
    }

    private void idTricks(Endpoint ep) {
        String family = "bad path id";
        String c = String.valueOf(f.conversationId());
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("non-numeric", "abc");
        ids.put("negative", "-1");
        ids.put("zero", "0");
        ids.put("minus zero", "-0");
        ids.put("overflow 99999999999999999999", "99999999999999999999");
        ids.put("Long.MAX_VALUE (no such row)", "9223372036854775807");
        ids.put("Long.MAX_VALUE + 1", "9223372036854775808");
        ids.put("Long.MIN_VALUE", "-9223372036854775808");
        ids.put("decimal", "1.5");
        ids.put("id with '.0'", c + ".0");
        ids.put("exponent", "1e3");
        ids.put("hex", "0x1F");
        ids.put("plus sign", "+" + c);
        ids.put("full-width digits", encode(toDigits(c, '\uff10')));
        ids.put("Arabic-Indic digits", encode(toDigits(c, '\u0660')));
        ids.put("leading encoded space", "%20" + c);
        ids.put("trailing encoded space", c + "%20");
        ids.put("trailing dot", c + ".");
        ids.put("trailing dots", c + "..");
        ids.put("encoded dot-dot", "%2e%2e");
        ids.put("encoded dot-dot climb", "..%2F..%2F..%2Fadmin");
        ids.put("encoded slash after the id", c + "%2F");
        ids.put("encoded NUL", "%00");
        ids.put("id and encoded NUL", c + "%00");
        ids.put("encoded byte FF", "%ff");
        ids.put("overlong-encoded dots", "%C0%AE%C0%AE");
        ids.put("'null'", "null");
        ids.put("id in braces", "%7B" + c + "%7D");
        ids.put("two ids", c + "," + c);
        ids.put("encoded CRLF and a header", c + "%0d%0aX-Injected:%20yes");
        ids.put("encoded percent", "%25");
        ids.put("10,000-digit id", "9".repeat(10_000));
        ids.put("5,000 letters", "a".repeat(5_000));
        ids.forEach((name, id) -> {
            Req req = base(ep);
            req.target = path(ep, id);
            add(
                    ep.key(),
                    family,
                    name,
                    req,
                    name.equals("encoded dot-dot climb") ? Check.OUTSIDE_API : Check.PROBLEM,
                    Transport.CLIENT);
        });
    }

    // ---------------------------------------------------------------------------------------- query parameters

    private void queries() {
        String family = "bad query parameter";
        Map<String, List<String>> list = new LinkedHashMap<>();
        list.put(
                "page",
                List.of("-1", "x", "1.5", "1000001", "99999999999", "", "%20", "0x10", "1e2", "%00", "2147483648"));
        list.put("size", List.of("0", "-5", "201", "100000", "abc", "", "%00", "2147483648"));
        list.put("status", List.of("DELETED", "", "%20OPEN", "OPEN%00", "MERGEDX", "OPEN,PENDING", "x".repeat(60_000)));
        list.put("inboxId", List.of("0", "-1", "x", "99999999999999999999", ""));
        list.put("contactId", List.of("0", "-1", "abc", "99999999999999999999"));
        list.put("email", List.of("", "%20%20", "a".repeat(321), "%00", "a%00b%40example.com"));
        list.put("hasDuplicates", List.of("yes", "1", "", "TRUEE", "%00"));
        list.put("assignee", List.of("", "someone", "0", "-1", "1.5", "99999999999999999999", "me%00", "%20me"));
        list.put("q", List.of("", "%20%20", "a".repeat(201), "%00", "a%0Ab"));
        list.put("mineFirst", List.of("yes", "1", "", "%00"));
        list.forEach((param, values) -> values.forEach(value -> query(
                endpoint("agent GET conversations"), family, param + "=" + abbreviate(value), param + "=" + value)));
        query(endpoint("agent GET conversations"), family, "page=x&page=0 (first one wins)", "page=x&page=0");
        Map<String, List<String>> audit = new LinkedHashMap<>();
        audit.put("page", List.of("-1", "x", "1000001", ""));
        audit.put("size", List.of("0", "201", "abc"));
        audit.put("conversationId", List.of("0", "-1", "x", "99999999999999999999", ""));
        audit.put("contactId", List.of("0", "abc"));
        audit.put("action", List.of("", "%20", "a".repeat(51), "%00", "conversation.merge%00"));
        audit.forEach((param, values) -> values.forEach(value ->
                query(endpoint("agent GET audit"), family, param + "=" + abbreviate(value), param + "=" + value)));
        for (String after : List.of(
                "x", "-1", "1.5", "99999999999999999999", "", "%20", "%00", "1e3", "0x1", "%2B%2B1", "x&after=1")) {
            query(endpoint("visitor GET conversations/{id}/messages"), family, "after=" + after, "after=" + after);
        }
        Endpoint preview = endpoint("agent GET conversations/{id}/merge-preview");
        String s = String.valueOf(f.foreignConversationId());
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("missing", null);
        sources.put("empty", "");
        sources.put("a space", "%20");
        sources.put("a lone comma", ",");
        sources.put("empty element", s + ",," + s);
        sources.put("letters", "a");
        sources.put("negative", "-1");
        sources.put("zero", "0");
        sources.put("semicolon-separated", s + ";" + s);
        sources.put("51 ids", (s + ",").repeat(50) + s);
        sources.put("overflow", "99999999999999999999");
        sources.put("space-separated", s + "%20" + s);
        sources.put("encoded NUL", "%00");
        sources.put("id and letters", s + ",x");
        sources.put("id and negative", s + ",-1");
        sources.forEach((name, value) -> {
            Req req = base(preview);
            req.target = preview.base() + "conversations/" + f.conversationId() + "/merge-preview"
                    + (value == null ? "" : "?sourceIds=" + value);
            add(preview.key(), family, "sourceIds " + name, req);
        });
        query(
                endpoint("visitor GET conversations/{id}/messages"),
                family,
                "after= 100,000 characters",
                "after=" + "1".repeat(100_000));
        query(endpoint("agent GET conversations"), family, "email= 100,000 characters", "email=" + "a".repeat(100_000));
        for (String key : List.of(
                "agent GET inbox/identity",
                "agent PUT inbox/identity",
                "agent POST inbox/identity/rotate",
                "agent GET inbox/assignment",
                "agent PUT inbox/assignment")) {
            for (String inbox : List.of("0", "-1", "x", "99999999999999999999", "", "%00", "1.5")) {
                query(endpoint(key), family, "inboxId=" + inbox, "inboxId=" + inbox);
            }
        }
        for (String key : List.of("agent GET inbox/retention", "agent PUT inbox/retention")) {
            for (String inbox : List.of("0", "-1", "x", "99999999999999999999", "", "%00", "1.5")) {
                query(endpoint(key), family, "inboxId=" + inbox, "inboxId=" + inbox);
            }
        }
        for (String status : List.of("", "LATER", "pending%00", "%20PENDING", "x".repeat(5_000))) {
            query(endpoint("agent GET erasure-requests"), family, "status=" + abbreviate(status), "status=" + status);
        }
        for (String key : List.of("agent GET canned-responses", "agent POST canned-responses")) {
            for (String inbox : List.of("0", "-1", "x", "99999999999999999999", "", "%00", "1.5")) {
                query(endpoint(key), family, "inboxId=" + inbox, "inboxId=" + inbox);
            }
        }
        for (String q : List.of("", "%20", "a".repeat(101), "%00", "a%0Ab", "x".repeat(60_000))) {
            query(endpoint("agent GET canned-responses"), family, "q=" + abbreviate(q), "q=" + q);
        }
        Endpoint render = endpoint("agent GET canned-responses/{id}/render");
        for (String conversation :
                Arrays.asList(null, "", "abc", "0", "-1", "1.5", "99999999999999999999", "%00", "%20" + 1)) {
            Req req = base(render);
            req.target = render.base() + "canned-responses/" + f.conversationId() + "/render"
                    + (conversation == null ? "" : "?conversation=" + conversation);
            add(render.key(), family, "conversation " + (conversation == null ? "missing" : "=" + conversation), req);
        }
    }

    private void query(Endpoint ep, String family, String name, String query) {
        Req req = base(ep);
        req.target = req.target + (req.target.contains("?") ? "&" : "?") + query;
        add(ep.key(), family, name, req);
    }

    // ---------------------------------------------------------------------------------------- headers

    private void headerAbuse() {
        String family = "header abuse";
        Endpoint start = endpoint("visitor POST conversations");
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("no Idempotency-Key", null);
        keys.put("empty Idempotency-Key", "");
        keys.put("blank Idempotency-Key", " ");
        keys.put("256-character Idempotency-Key", "k".repeat(256));
        keys.put("8,000-character Idempotency-Key", "k".repeat(8_000));
        keys.put("tab inside the Idempotency-Key", "a\tb");
        keys.put("Latin-1 Idempotency-Key", "cl\u00e9-1");
        keys.put("Cyrillic Idempotency-Key (sent raw)", "\u043a\u043b\u044e\u0447-1");
        keys.put("emoji Idempotency-Key (sent raw)", "key-\ud83d\udd11");
        keys.put("DEL inside the Idempotency-Key (sent raw)", "key\u007f1");
        keys.forEach((name, key) -> {
            Req req = base(start);
            if (key == null) {
                req.without("Idempotency-Key");
            } else {
                req.set("Idempotency-Key", key);
            }
            // DEL is no field-value character at all (RFC 9110 5.5): a protocol violation; non-ASCII is obs-text
            add(
                    start.key(),
                    family,
                    name,
                    req,
                    key != null && key.indexOf('\u007f') >= 0 ? Check.TRANSPORT : Check.PROBLEM,
                    Transport.CLIENT);
        });
        add(
                start.key(),
                family,
                "two Idempotency-Keys, invalid first",
                base(start).set("Idempotency-Key", "k".repeat(256)).add("Idempotency-Key", "sweep-two-keys"));
        add(
                start.key(),
                family,
                "only X-Request-ID, 256 characters",
                base(start).without("Idempotency-Key").set("X-Request-ID", "r".repeat(256)));
        add(
                start.key(),
                family,
                "only X-Request-ID, Latin-1",
                base(start).without("Idempotency-Key").set("X-Request-ID", "r\u00e9q"));
        add(
                start.key(),
                family,
                "only X-Request-ID, empty",
                base(start).without("Idempotency-Key").set("X-Request-ID", ""));
        add(
                start.key(),
                family,
                "invalid Idempotency-Key, valid X-Request-ID",
                base(start).set("Idempotency-Key", "k".repeat(256)).set("X-Request-ID", "sweep-valid-request-id"));
        for (Endpoint ep : ENDPOINTS) {
            if (ep.body() == Body.NONE) {
                continue;
            }
            for (String id : List.of("r".repeat(300), "r\u00e9q", "a\tb", "r".repeat(8_000), "\u0436")) {
                add(
                        ep.key(),
                        family,
                        "X-Request-ID '" + abbreviate(id) + "' with a malformed body",
                        base(ep).set("X-Request-ID", id).text("{\"malformed\""));
            }
        }
        Endpoint list = endpoint("visitor GET conversations");
        for (String origin : List.of(
                "null",
                "http://" + "o".repeat(10_000) + ".example",
                "http://\u00e9vil.example",
                "*",
                "http://a.example, http://b.example")) {
            add(
                    list.key(),
                    family,
                    "Origin '" + abbreviate(origin) + "' with a forged token",
                    base(list).set("Origin", origin).set("Authorization", "Bearer " + "A".repeat(43)));
        }
        // bodies streamed without a Content-Length (chunked): the visitor API counts while reading
        for (String key : List.of(
                "visitor POST session",
                "visitor POST conversations",
                "visitor POST conversations/{id}/messages",
                "agent POST conversations/{id}/messages")) {
            Endpoint ep = endpoint(key);
            Field primary = fields(ep.body(), 0).get(0);
            Req big = base(ep);
            big.text(with(ep, primary.name(), q("x".repeat(100_000))));
            add(ep.key(), family, "100 KB body streamed chunked", big, Check.PROBLEM, Transport.STREAMED);
            add(
                    ep.key(),
                    family,
                    "malformed body streamed chunked",
                    base(ep).text("{\"" + primary.name() + "\":"),
                    Check.PROBLEM,
                    Transport.STREAMED);
        }
    }

    // ---------------------------------------------------------------------------------------- whole paths

    private void globalPaths() {
        String visitorAuth = "Bearer " + f.visitorToken();
        String c = String.valueOf(f.conversationId());
        Map<String, String> visitor = new LinkedHashMap<>();
        visitor.put("API root", "/chat/api/v1/");
        visitor.put("API root without a version", "/chat/api/");
        visitor.put("unknown version", "/chat/api/v2/conversations");
        visitor.put("upper-case version", "/chat/api/V1/conversations");
        visitor.put("double slash", "/chat/api//v1/conversations/current/x");
        visitor.put("dot-dot climb to the agent API", "/chat/api/v1/../../../admin/api/v1/audit");
        visitor.put("encoded dot-dot climb to the agent API", "/chat/api/v1/%2e%2e/%2e%2e/%2e%2e/admin/api/v1/audit");
        visitor.put("encoded slashes", "/chat/api/v1/conversations%2F" + c + "%2Fmessages");
        visitor.put("backslashes", "/chat/api/v1/conversations%5C" + c + "%5Cmessages");
        visitor.put("semicolon path parameter on the version", "/chat/api/v1;x=1/conversations/abc");
        visitor.put("20,000-character path", "/chat/api/v1/" + "p".repeat(20_000));
        visitor.forEach((name, target) -> {
            Req req = new Req("GET", target).set("Authorization", visitorAuth);
            add(VISITOR_PATHS, "path trick", name, req);
        });
        add(
                VISITOR_PATHS,
                "wrong method",
                "TRACE",
                new Req("TRACE", "/chat/api/v1/conversations").set("Authorization", visitorAuth));
        add(
                VISITOR_PATHS,
                "wrong method",
                "unknown method FOO",
                new Req("FOO", "/chat/api/v1/conversations").set("Authorization", visitorAuth));
        Map<String, String> agent = new LinkedHashMap<>();
        agent.put("API root", "/admin/api/v1/");
        agent.put("API root without a version", "/admin/api/");
        agent.put("unknown version", "/admin/api/v2/conversations");
        agent.put("encoded letter in 'api'", "/admin/%61pi/v1/conversations");
        agent.put("encoded slash after 'api'", "/admin/api%2Fv1/conversations");
        agent.put("upper-case 'API'", "/admin/API/v1/conversations");
        agent.put("double slash", "/admin/api//v1/conversations/abc");
        agent.put("dot-dot climb", "/admin/api/v1/../../api/v1/conversations/abc");
        agent.put("encoded dot-dot climb", "/admin/api/v1/%2e%2e/%2e%2e/%2e%2e/chat/api/v1/conversations");
        agent.put("encoded slashes", "/admin/api/v1/conversations%2F" + c);
        agent.put("20,000-character path", "/admin/api/v1/" + "p".repeat(20_000));
        // not routed to the agent API servlet (mapping is case-sensitive, %2F is not decoded): the console's area
        Set<String> console = Set.of("encoded slash after 'api'", "upper-case 'API'");
        agent.forEach((name, target) -> {
            Check check = console.contains(name) ? Check.OUTSIDE_API : Check.PROBLEM;
            add(
                    AGENT_PATHS,
                    "path trick",
                    name + " (credentials)",
                    new Req("GET", target).set("Authorization", f.adminAuthorization()),
                    check,
                    Transport.CLIENT);
            add(AGENT_PATHS, "path trick", name + " (anonymous)", new Req("GET", target), check, Transport.CLIENT);
        });
        add(
                AGENT_PATHS,
                "wrong method",
                "TRACE",
                new Req("TRACE", "/admin/api/v1/conversations").set("Authorization", f.adminAuthorization()));
        add(
                AGENT_PATHS,
                "wrong method",
                "unknown method FOO",
                new Req("FOO", "/admin/api/v1/conversations").set("Authorization", f.adminAuthorization()));
    }

    // ---------------------------------------------------------------------------------------- other agents

    private void privileged() {
        String family = "other agent";
        String agent = f.agentAuthorization();
        add(
                "agent POST agents",
                family,
                "AGENT role creates an agent",
                base(endpoint("agent POST agents")).set("Authorization", agent));
        add(
                "agent POST duplicates/scan",
                family,
                "AGENT role runs the scan",
                base(endpoint("agent POST duplicates/scan")).set("Authorization", agent));
        for (String key : List.of(
                "agent POST contacts/{id}/devices/revoke",
                "agent DELETE contacts/{id}/devices/{tokenId}",
                "agent PUT inbox/identity",
                "agent POST inbox/identity/rotate",
                "agent POST canned-responses",
                "agent PUT canned-responses/{id}",
                "agent DELETE canned-responses/{id}",
                "agent PUT inbox/assignment",
                "agent GET contacts/{id}/export",
                "agent DELETE contacts/{id}",
                "agent GET inbox/retention",
                "agent PUT inbox/retention",
                "agent POST inbox/retention/run",
                "agent GET erasure-requests",
                "agent POST erasure-requests/{id}/confirm",
                "agent POST erasure-requests/{id}/reject",
                "agent POST webhooks",
                "agent PUT webhooks/{id}",
                "agent DELETE webhooks/{id}")) {
            add(key, family, "AGENT role: " + key, base(endpoint(key)).set("Authorization", agent));
        }
        Endpoint merge = endpoint("agent POST conversations/{id}/merge");
        add(
                merge.key(),
                family,
                "AGENT role merges across contacts",
                base(merge)
                        .set("Authorization", agent)
                        .text("{\"sourceIds\":[" + f.foreignConversationId() + "],\"allowCrossContact\":true}"));
        add(
                "agent GET conversations",
                family,
                "AGENT role, wrong password",
                base(endpoint("agent GET conversations"))
                        .set("Authorization", basic(f.agentUser() + ":wrong-password")));
        add(
                "agent GET conversations",
                family,
                "real admin, wrong password",
                base(endpoint("agent GET conversations")).set("Authorization", basic("admin:wrong-password")));
        Endpoint reply = endpoint("agent POST conversations/{id}/messages");
        add(
                reply.key(),
                family,
                "real admin, malformed JSON",
                base(reply).set("Authorization", f.realAdminAuthorization()).text("{\"content\":"));
        add(
                merge.key(),
                family,
                "real admin, sourceIds [1e999999999]",
                base(merge).set("Authorization", f.realAdminAuthorization()).text("{\"sourceIds\":[1e999999999]}"));
        add(
                merge.key(),
                family,
                "real admin, merge into itself",
                base(merge)
                        .set("Authorization", f.realAdminAuthorization())
                        .text("{\"sourceIds\":[" + f.conversationId() + "]}"));
        add(
                AGENT_PATHS,
                family,
                "real admin, encoded letter in 'api'",
                new Req("GET", "/admin/%61pi/v1/conversations").set("Authorization", f.realAdminAuthorization()));
    }

    // ---------------------------------------------------------------------------------------- raw HTTP

    private void rawHttp() {
        String token = f.visitorToken();
        String body = object(fields(Body.START, 0), Map.of());
        String start = "POST /chat/api/v1/conversations HTTP/1.1\r\nHost: " + f.host() + "\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/json\r\nConnection: close\r\n";
        String malformed = "{\"name\":";
        addRaw(
                "UTF-8 Idempotency-Key (Cyrillic)",
                Check.PROBLEM,
                request(
                        start + "Idempotency-Key: \u043a\u043b\u044e\u0447\r\nContent-Length: " + length(body)
                                + "\r\n\r\n",
                        body));
        addRaw(
                "NUL byte in the Idempotency-Key",
                Check.TRANSPORT,
                request(start + "Idempotency-Key: a\u0000b\r\nContent-Length: " + length(body) + "\r\n\r\n", body));
        addRaw(
                "UTF-8 bearer token",
                Check.PROBLEM,
                request(
                        "GET /chat/api/v1/conversations HTTP/1.1\r\nHost: " + f.host()
                                + "\r\nAuthorization: Bearer \u0442\u043e\u043a\u0435\u043d\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "UTF-8 Basic credentials",
                Check.PROBLEM,
                request(
                        "GET /admin/api/v1/conversations HTTP/1.1\r\nHost: " + f.host()
                                + "\r\nAuthorization: Basic \u0430\u0434\u043c\u0438\u043d\r\nConnection: close\r\n\r\n",
                        ""));
        String status = "{\"status\":\"OPEN\"}";
        addRaw(
                "NUL byte in the agent's X-Request-ID (valid status change)",
                Check.NO_5XX,
                request(
                        "POST /admin/api/v1/conversations/" + f.conversationId() + "/status HTTP/1.1\r\nHost: "
                                + f.host()
                                + "\r\nAuthorization: " + f.adminAuthorization() + "\r\nContent-Type: application/json"
                                + "\r\nX-Request-ID: sweep\u0000nul\r\nConnection: close\r\nContent-Length: "
                                + length(status)
                                + "\r\n\r\n",
                        status));
        addRaw(
                "control character 0x01 in the agent's X-Request-ID (valid status change)",
                Check.NO_5XX,
                request(
                        "POST /admin/api/v1/conversations/" + f.conversationId() + "/status HTTP/1.1\r\nHost: "
                                + f.host()
                                + "\r\nAuthorization: " + f.adminAuthorization() + "\r\nContent-Type: application/json"
                                + "\r\nX-Request-ID: sweep\u0001ctl\r\nConnection: close\r\nContent-Length: "
                                + length(status)
                                + "\r\n\r\n",
                        status));
        addRaw(
                "Content-Length twice, same value",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key: raw-cl\r\nContent-Length: " + length(malformed)
                                + "\r\nContent-Length: " + length(malformed) + "\r\n\r\n",
                        malformed));
        addRaw(
                "two different Content-Lengths",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key: raw-cl2\r\nContent-Length: " + length(malformed)
                                + "\r\nContent-Length: " + (length(malformed) + 12) + "\r\n\r\n",
                        malformed + "            "));
        addRaw(
                "Content-Length and chunked",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key: raw-te\r\nContent-Length: 4"
                                + "\r\nTransfer-Encoding: chunked\r\n\r\n",
                        "8\r\n{\"name\":\r\n0\r\n\r\n"));
        addRaw(
                "invalid chunk size",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key: raw-chunk\r\nTransfer-Encoding: chunked" + "\r\n\r\n",
                        "zz\r\n{\"name\":\r\n0\r\n\r\n"));
        addRaw(
                "negative Content-Length",
                Check.TRANSPORT,
                request(start + "Idempotency-Key: raw-neg\r\nContent-Length: -1\r\n\r\n", malformed));
        addRaw(
                "non-numeric Content-Length",
                Check.TRANSPORT,
                request(start + "Idempotency-Key: raw-nan\r\nContent-Length: abc\r\n\r\n", malformed));
        addRaw(
                "Content-Length 99999999999999999999",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key: raw-huge\r\nContent-Length: 99999999999999999999\r\n\r\n",
                        malformed));
        addRaw(
                "declared Content-Length of 10 MB, short body",
                Check.PROBLEM,
                request(start + "Idempotency-Key: raw-10mb\r\nContent-Length: 10000000\r\n\r\n", malformed));
        addRaw(
                "Expect: 100-continue with 10 MB declared, no body",
                Check.TRANSPORT,
                request(
                        start
                                + "Idempotency-Key: raw-expect\r\nExpect: 100-continue\r\nContent-Length: 10000000\r\n\r\n",
                        ""));
        addRaw(
                "header line without a colon",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key raw-colon\r\nContent-Length: " + length(malformed) + "\r\n\r\n",
                        malformed));
        addRaw(
                "space inside a header name",
                Check.TRANSPORT,
                request(
                        start + "Idempotency Key: raw-space\r\nContent-Length: " + length(malformed) + "\r\n\r\n",
                        malformed));
        addRaw(
                "space before the colon",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key : raw-space\r\nContent-Length: " + length(malformed) + "\r\n\r\n",
                        malformed));
        addRaw(
                "obsolete line folding",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key: raw-\r\n fold\r\nContent-Length: " + length(malformed) + "\r\n\r\n",
                        malformed));
        addRaw(
                "HTTP/1.0 without Host",
                Check.PROBLEM,
                request(
                        "POST /chat/api/v1/conversations HTTP/1.0\r\nAuthorization: Bearer "
                                + token
                                + "\r\nContent-Type: application/json\r\nIdempotency-Key: raw-10\r\nContent-Length: "
                                + length(malformed)
                                + "\r\n\r\n",
                        malformed));
        addRaw(
                "HTTP/1.1 without Host",
                Check.TRANSPORT,
                request(
                        "GET /chat/api/v1/conversations/current HTTP/1.1\r\n" + "Authorization: Bearer " + token
                                + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "two Host headers",
                Check.TRANSPORT,
                request(
                        "GET /chat/api/v1/conversations/abc/messages HTTP/1.1\r\nHost: " + f.host()
                                + "\r\nHost: evil.example\r\nAuthorization: Bearer " + token
                                + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "request line without a version",
                Check.TRANSPORT,
                request("GET /chat/api/v1/conversations/abc/messages\r\n\r\n", ""));
        addRaw(
                "unknown protocol version HTTP/9.9",
                Check.TRANSPORT,
                request(
                        "GET /chat/api/v1/conversations HTTP/9.9\r\nHost: " + f.host()
                                + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw("garbage request line", Check.TRANSPORT, request("\u0001\u0002\u0003 garbage\r\n\r\n", ""));
        addRaw(
                "absolute-form target, forged token",
                Check.PROBLEM,
                request(
                        "GET http://evil.example/chat/api/v1/conversations"
                                + " HTTP/1.1\r\nHost: " + f.host() + "\r\nAuthorization: Bearer " + "A".repeat(43)
                                + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "raw space in the path",
                Check.TRANSPORT,
                request(
                        "GET /chat/api/v1/conver sations HTTP/1.1\r\nHost: " + f.host()
                                + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "raw UTF-8 in the path",
                Check.TRANSPORT,
                request(
                        "GET /chat/api/v1/conversations/\u043a\u043b\u044e\u0447/messages" + " HTTP/1.1\r\nHost: "
                                + f.host() + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "raw NUL byte in the path",
                Check.TRANSPORT,
                request(
                        "GET /chat/api/v1/conversations/1\u0000/messages HTTP/1.1" + "\r\nHost: " + f.host()
                                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n",
                        ""));
        // Payara's CoyoteAdapter fails to decode these and answers 200 with an empty body before any
        // application code runs (a container bug, reproducible with curl); nothing is written
        addRaw(
                "malformed percent-encoding %zz",
                Check.NO_5XX,
                request(
                        "GET /chat/api/v1/conversations/%zz/messages HTTP/1.1" + "\r\nHost: " + f.host()
                                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "truncated percent-encoding at the end",
                Check.NO_5XX,
                request(
                        "GET /admin/api/v1/conversations/1% HTTP/1.1" + "\r\nHost: " + f.host() + "\r\nAuthorization: "
                                + f.adminAuthorization() + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "lower-case method",
                Check.TRANSPORT,
                request(
                        "post /chat/api/v1/conversations HTTP/1.1\r\nHost: " + f.host()
                                + "\r\nConnection: close\r\nContent-Length: " + length(malformed) + "\r\n\r\n",
                        malformed));
        addRaw(
                "100 KB header",
                Check.TRANSPORT,
                request(
                        "GET /chat/api/v1/conversations HTTP/1.1\r\nHost: " + f.host() + "\r\nX-Pad: "
                                + "p".repeat(100_000) + "\r\nConnection: close\r\n\r\n",
                        ""));
        addRaw(
                "2,000 headers",
                Check.TRANSPORT,
                request(
                        "GET /chat/api/v1/conversations HTTP/1.1\r\nHost: " + f.host() + "\r\n"
                                + "X-Many: m\r\n".repeat(2_000) + "Connection: close\r\n\r\n",
                        ""));
        addRaw(
                "bare LF line endings",
                Check.TRANSPORT,
                request(
                        start.replace("\r\n", "\n") + "Idempotency-Key: raw-lf\n" + "Content-Length: "
                                + length(malformed) + "\n\n",
                        malformed));
        addRaw(
                "UTF-8 in the Content-Type",
                Check.TRANSPORT,
                request(
                        start.replace("application/json", "application/\u0436son")
                                + "Idempotency-Key: raw-ct\r\nContent-Length: " + length(body) + "\r\n\r\n",
                        body));
        addRaw(
                "CR inside a header value",
                Check.TRANSPORT,
                request(
                        start + "Idempotency-Key: raw\rcr\r\nContent-Length: " + length(malformed) + "\r\n\r\n",
                        malformed));
    }

    private static int length(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Head and body in UTF-8 (so non-ASCII header text travels as UTF-8 bytes, as a careless client sends it). */
    private static byte[] request(String head, String body) {
        return concat(head.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------- seeded fuzz

    private void fuzz() {
        List<Endpoint> bodies =
                ENDPOINTS.stream().filter(ep -> ep.body() != Body.NONE).toList();
        String printable = "abcXYZ019!#$%&()*+-./;<=>?@^_|~{}[]:,\"'";
        for (int i = 0; i < 150; i++) {
            Endpoint ep = bodies.get(random.nextInt(bodies.size()));
            Req req = base(ep);
            String b = req.text;
            int mode = random.nextInt(5);
            String name;
            switch (mode) {
                case 0 -> {
                    byte[] noise = new byte[1 + random.nextInt(400)];
                    random.nextBytes(noise);
                    if (noise[0] == '{' || Character.isWhitespace(noise[0])) {
                        noise[0] = '#';
                    }
                    req.body(noise);
                    name = noise.length + " random bytes";
                }
                case 1 -> {
                    StringBuilder garbage = new StringBuilder();
                    for (int n = 1 + random.nextInt(40); n > 0; n--) {
                        garbage.append(printable.charAt(random.nextInt(printable.length())));
                    }
                    req.text(b + garbage);
                    name = "garbage appended: " + abbreviate(garbage.toString());
                }
                case 2 -> {
                    StringBuilder garbage = new StringBuilder();
                    for (int n = 1 + random.nextInt(40); n > 0; n--) {
                        char c = printable.charAt(random.nextInt(printable.length()));
                        garbage.append(c == '{' || c == '[' ? '#' : c);
                    }
                    req.text(garbage + b);
                    name = "garbage prepended: " + abbreviate(garbage.toString());
                }
                case 3 -> {
                    int cut = random.nextInt(b.length() - 1);
                    req.text(b.substring(0, cut));
                    name = "truncated at " + cut;
                }
                default -> {
                    List<Integer> structural = new ArrayList<>();
                    for (int p = 0; p < b.length(); p++) {
                        if ("{}:\",[]".indexOf(b.charAt(p)) >= 0) {
                            structural.add(p);
                        }
                    }
                    int p = structural.get(random.nextInt(structural.size()));
                    req.text(b.substring(0, p) + b.substring(p + 1));
                    name = "'" + b.charAt(p) + "' deleted at " + p;
                }
            }
            add(ep.key(), "seeded fuzz", "#" + i + " " + name, req);
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] encode(String text, Charset charset) {
        return text.getBytes(charset);
    }

    /** Percent-encodes the UTF-8 bytes of non-ASCII characters. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0x21 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String toDigits(String number, char zero) {
        StringBuilder out = new StringBuilder();
        for (char c : number.toCharArray()) {
            out.append((char) (zero + (c - '0')));
        }
        return out.toString();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 20) + "…(" + text.length() + " chars)";
    }
}
