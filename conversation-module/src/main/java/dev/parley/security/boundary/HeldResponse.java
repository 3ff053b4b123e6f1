package dev.parley.security.boundary;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response that {@link SecurityHeaders} can still change before it is sent: an HTML page (when
 * inline code is hashed) is held in memory until complete; anything else streams as usual. Before the
 * response commits (first byte, flush, redirect, error) every {@code Set-Cookie} gets {@code Secure}
 * when the request came over HTTPS, and the configured {@code SameSite} when it names none (Payara
 * ignores web.xml's cookie attributes); a {@code reset()} keeps the security headers.
 */
final class HeldResponse extends HttpServletResponseWrapper {

    private final Map<String, String> headers;
    private final boolean https;
    private final boolean holdHtml;
    private final String sameSite;
    private ByteArrayOutputStream held;
    private PrintWriter writer;
    private ServletOutputStream stream;

    HeldResponse(
            HttpServletResponse response,
            Map<String, String> headers,
            boolean https,
            boolean holdHtml,
            String sameSite) {
        super(response);
        this.headers = headers;
        this.https = https;
        this.holdHtml = holdHtml;
        this.sameSite = sameSite;
    }

    private boolean holding() {
        if (held != null) {
            return true;
        }
        String type = getContentType();
        if (holdHtml && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            held = new ByteArrayOutputStream(8192);
            return true;
        }
        return false;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was called");
        }
        if (!holding()) {
            secureCookies();
            return super.getOutputStream();
        }
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    held.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    held.write(bytes, offset, length);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("a held page is written synchronously");
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (stream != null) {
            throw new IllegalStateException("getOutputStream() was called");
        }
        if (!holding()) {
            secureCookies();
            return super.getWriter();
        }
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(held, charset()), false);
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (held != null) {
            if (writer != null) {
                writer.flush();
            }
            return;
        }
        secureCookies();
        super.flushBuffer();
    }

    @Override
    public void setContentLength(int length) {
        if (held == null && !holding()) {
            super.setContentLength(length);
        }
    }

    @Override
    public void setContentLengthLong(long length) {
        if (held == null && !holding()) {
            super.setContentLengthLong(length);
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        discard();
    }

    @Override
    public void reset() {
        super.reset();
        discard();
        headers.forEach(this::setHeader);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        discard();
        secureCookies();
        super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
        discard();
        secureCookies();
        super.sendError(status);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        discard();
        secureCookies();
        super.sendRedirect(location);
    }

    private void discard() {
        if (held != null) {
            if (writer != null) {
                writer.flush();
            }
            held.reset();
        }
    }

    /** Sends what was held, with the page's hashes in the policy. */
    void finish(String policy) throws IOException {
        if (held == null) {
            if (!isCommitted()) {
                secureCookies();
            }
            return;
        }
        if (writer != null) {
            writer.flush();
        }
        byte[] body = held.toByteArray();
        if (policy != null && !isCommitted()) {
            setHeader(
                    "Content-Security-Policy",
                    InlineCode.of(new String(body, charset())).policy(policy));
        }
        secureCookies();
        super.setContentLength(body.length);
        ServletOutputStream out = super.getOutputStream();
        out.write(body);
        out.flush();
    }

    private Charset charset() {
        try {
            return Charset.forName(getCharacterEncoding());
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Adds {@code Secure} (over HTTPS only) and {@code SameSite} (if configured) to every cookie set so far. */
    private void secureCookies() {
        if (!https && sameSite == null || isCommitted()) {
            return;
        }
        List<String> cookies = new ArrayList<>(getHeaders("Set-Cookie"));
        List<String> secured = cookies.stream().map(this::secured).toList();
        if (secured.equals(cookies)) {
            return;
        }
        boolean first = true;
        for (String cookie : secured) {
            if (first) {
                setHeader("Set-Cookie", cookie);
                first = false;
            } else {
                addHeader("Set-Cookie", cookie);
            }
        }
    }

    private String secured(String cookie) {
        String result = cookie;
        if (https && !hasAttribute(cookie, "secure")) {
            result += "; Secure";
        }
        if (sameSite != null && !hasAttribute(cookie, "samesite")) {
            result += "; SameSite=" + sameSite;
        }
        return result;
    }

    static boolean hasAttribute(String cookie, String name) {
        for (String attribute : cookie.split(";")) {
            String key = attribute.strip();
            int equals = key.indexOf('=');
            if ((equals < 0 ? key : key.substring(0, equals).strip()).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
