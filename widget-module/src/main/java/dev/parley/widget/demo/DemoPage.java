package dev.parley.widget.demo;

import dev.parley.inbox.boundary.Inboxes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /chat/demo}: a small website that embeds the widget with the default inbox's token. Declared in web.xml.
 *
 * <p>{@code /chat/demo?identity=alice} plays the website's own server for the "Log in as a demo user"
 * button: it answers one of {@link #DEMO_USERS} with the identifierHash computed here, on the server, as
 * docs/WIDGET.md tells websites to do. Only these fixed users, so it cannot sign an identifier of the
 * caller's choosing.
 */
public class DemoPage extends HttpServlet {

    /** The demo's users: identifier, name and email, keyed by the {@code identity} parameter. */
    static final Map<String, DemoUser> DEMO_USERS = Map.of(
            "alice", new DemoUser("demo-alice", "Alice Demo", "alice@example.com"),
            "bob", new DemoUser("demo-bob", "Bob Demo", "bob@example.com"));

    record DemoUser(String identifier, String name, String email) {}

    @Inject
    Inboxes inboxes;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String identity = request.getParameter("identity");
        if (identity != null) {
            writeIdentity(identity, response);
            return;
        }
        String sdkUrl = request.getContextPath() + request.getServletPath().replaceFirst("/demo$", "") + "/sdk.js";
        String page = template()
                .replace("{{websiteToken}}", escape(inboxes.defaultInbox().getWebsiteToken()))
                .replace("{{sdkUrl}}", escape(sdkUrl));
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(page);
    }

    private void writeIdentity(String identity, HttpServletResponse response) throws IOException {
        DemoUser user = DEMO_USERS.get(identity);
        if (user == null) {
            problem(response, 404, "not-found", "Not a demo user", "The demo users are " + DEMO_USERS.keySet() + ".");
            return;
        }
        Optional<String> hash = inboxes.identityHash(user.identifier());
        if (hash.isEmpty()) {
            problem(
                    response,
                    409,
                    "identity-secret-missing",
                    "No identity secret",
                    "The default inbox has no identity secret, so visitors cannot be verified. Set"
                            + " PARLEY_IDENTITY_SECRET (or the secret on the console's inbox page) to try the login.");
            return;
        }
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter()
                .write("{\"identifier\":" + json(user.identifier()) + ",\"identifierHash\":" + json(hash.get())
                        + ",\"name\":" + json(user.name()) + ",\"email\":" + json(user.email()) + "}");
    }

    private static void problem(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json;charset=UTF-8");
        response.getWriter()
                .write("{\"type\":" + json("urn:parley:problem:" + type) + ",\"title\":" + json(title) + ",\"status\":"
                        + status + ",\"detail\":" + json(detail) + "}");
    }

    /** A JSON string of demo data and fixed texts (no control characters among them). */
    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String template() throws IOException {
        try (InputStream in = DemoPage.class.getResourceAsStream("demo.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
