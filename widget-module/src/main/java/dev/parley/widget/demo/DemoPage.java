package dev.parley.widget.demo;

import dev.parley.inbox.boundary.Inboxes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** {@code /chat/demo}: a small website that embeds the widget with the default inbox's token. Declared in web.xml. */
public class DemoPage extends HttpServlet {

    @Inject
    Inboxes inboxes;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sdkUrl = request.getContextPath() + request.getServletPath().replaceFirst("/demo$", "") + "/sdk.js";
        String page = template()
                .replace("{{websiteToken}}", escape(inboxes.defaultInbox().getWebsiteToken()))
                .replace("{{sdkUrl}}", escape(sdkUrl));
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(page);
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
