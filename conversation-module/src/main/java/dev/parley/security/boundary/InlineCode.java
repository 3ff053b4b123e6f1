package dev.parley.security.boundary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The inline code of one HTML page as CSP hash sources: every {@code <script>} without {@code src},
 * every {@code <style>} element, every {@code on*} event-handler attribute and every {@code style}
 * attribute, each as {@code 'sha256-…'} of exactly the text the browser hashes (element text as
 * written; attribute values with their character references decoded). {@link #policy(String)} puts
 * them into a policy, so a page runs its own inline code and nothing anyone injected into it.
 */
public record InlineCode(Set<String> scripts, Set<String> handlers, Set<String> styles, Set<String> styleAttributes) {

    public InlineCode {
        scripts = Set.copyOf(scripts);
        handlers = Set.copyOf(handlers);
        styles = Set.copyOf(styles);
        styleAttributes = Set.copyOf(styleAttributes);
    }

    /** Reads the page; a page it cannot follow (unclosed tag, comment) yields what was read before. */
    public static InlineCode of(String html) {
        Set<String> scripts = new LinkedHashSet<>();
        Set<String> handlers = new LinkedHashSet<>();
        Set<String> styles = new LinkedHashSet<>();
        Set<String> styleAttributes = new LinkedHashSet<>();
        int at = 0;
        int length = html.length();
        while (at < length) {
            int open = html.indexOf('<', at);
            if (open < 0 || open + 1 >= length) {
                break;
            }
            if (html.startsWith("<!--", open)) {
                int end = html.indexOf("-->", open + 4);
                at = end < 0 ? length : end + 3;
                continue;
            }
            char first = html.charAt(open + 1);
            if (!Character.isLetter(first)) {
                at = open + 1;
                continue;
            }
            int nameEnd = open + 1;
            while (nameEnd < length && isNameChar(html.charAt(nameEnd))) {
                nameEnd++;
            }
            String tag = html.substring(open + 1, nameEnd).toLowerCase(Locale.ROOT);
            Map<String, String> attributes = new LinkedHashMap<>();
            int tagEnd = attributes(html, nameEnd, attributes);
            if (tagEnd < 0) {
                break;
            }
            attributes.forEach((name, value) -> {
                if (name.startsWith("on") && name.length() > 2) {
                    handlers.add(hash(value));
                } else if (name.equals("style")) {
                    styleAttributes.add(hash(value));
                }
            });
            at = tagEnd;
            if (tag.equals("script") || tag.equals("style")) {
                int close = indexOfIgnoreCase(html, "</" + tag, at);
                if (close < 0) {
                    break;
                }
                String text = html.substring(at, close);
                if (tag.equals("style")) {
                    styles.add(hash(text));
                } else if (!attributes.containsKey("src")) {
                    scripts.add(hash(text));
                }
                at = close;
            }
        }
        return new InlineCode(scripts, handlers, styles, styleAttributes);
    }

    /**
     * The policy with this page's hashes added to {@code script-src} and {@code style-src} (with
     * {@code 'unsafe-hashes'} where attributes are hashed, as CSP Level 3 requires for them). A
     * directive the policy lacks starts from its {@code default-src}.
     */
    public String policy(String base) {
        Map<String, String> directives = new LinkedHashMap<>();
        for (String directive : base.split(";")) {
            String trimmed = directive.strip();
            if (!trimmed.isEmpty()) {
                int space = trimmed.indexOf(' ');
                directives.put(
                        (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT),
                        space < 0 ? "" : trimmed.substring(space + 1).strip());
            }
        }
        add(directives, "script-src", scripts, handlers);
        add(directives, "style-src", styles, styleAttributes);
        List<String> out = new ArrayList<>();
        directives.forEach((name, value) -> out.add(value.isEmpty() ? name : name + " " + value));
        return String.join("; ", out);
    }

    private static void add(Map<String, String> directives, String name, Set<String> elements, Set<String> attributes) {
        if (elements.isEmpty() && attributes.isEmpty()) {
            return;
        }
        String sources = directives.getOrDefault(name, directives.getOrDefault("default-src", ""));
        StringBuilder value = new StringBuilder(sources.replace("'none'", "").strip());
        if (!attributes.isEmpty()) {
            value.append(" 'unsafe-hashes'");
        }
        for (String hash : elements) {
            value.append(" '").append(hash).append('\'');
        }
        for (String hash : attributes) {
            value.append(" '").append(hash).append('\'');
        }
        directives.put(name, value.toString().strip());
    }

    /** {@code sha256-<base64>} of the UTF-8 bytes. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Reads attributes from {@code at} to the tag's end; answers the index after {@code >}, or -1. */
    private static int attributes(String html, int at, Map<String, String> into) {
        int length = html.length();
        int i = at;
        while (i < length) {
            char c = html.charAt(i);
            if (c == '>') {
                return i + 1;
            }
            if (Character.isWhitespace(c) || c == '/') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < length && !Character.isWhitespace(html.charAt(i)) && "=>/".indexOf(html.charAt(i)) < 0) {
                i++;
            }
            String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
            while (i < length && Character.isWhitespace(html.charAt(i))) {
                i++;
            }
            String value = "";
            if (i < length && html.charAt(i) == '=') {
                i++;
                while (i < length && Character.isWhitespace(html.charAt(i))) {
                    i++;
                }
                if (i >= length) {
                    return -1;
                }
                char quote = html.charAt(i);
                if (quote == '"' || quote == '\'') {
                    int end = html.indexOf(quote, i + 1);
                    if (end < 0) {
                        return -1;
                    }
                    value = html.substring(i + 1, end);
                    i = end + 1;
                } else {
                    int start = i;
                    while (i < length && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
                        i++;
                    }
                    value = html.substring(start, i);
                }
            }
            into.putIfAbsent(name, decode(value));
        }
        return -1;
    }

    /** The attribute value as the browser reads it: numeric and the common named references decoded. */
    static String decode(String value) {
        if (value.indexOf('&') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            int semicolon = c == '&' ? value.indexOf(';', i) : -1;
            if (semicolon > i + 1 && semicolon - i <= 10) {
                String reference = value.substring(i + 1, semicolon);
                String decoded = reference(reference);
                if (decoded != null) {
                    out.append(decoded);
                    i = semicolon + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String reference(String reference) {
        try {
            if (reference.startsWith("#x") || reference.startsWith("#X")) {
                return Character.toString(Integer.parseInt(reference.substring(2), 16));
            }
            if (reference.startsWith("#")) {
                return Character.toString(Integer.parseInt(reference.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return switch (reference) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> "\u00a0";
            default -> null;
        };
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == ':' || c == '_';
    }

    private static int indexOfIgnoreCase(String text, String needle, int from) {
        for (int i = from; i <= text.length() - needle.length(); i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
