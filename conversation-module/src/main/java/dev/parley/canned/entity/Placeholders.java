package dev.parley.canned.entity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a canned response for one conversation. The placeholders are a fixed set, each replaced by plain
 * text in a single pass over the saved text: {@code {{visitor.name}}}, {@code {{visitor.firstName}}} and
 * {@code {{agent.name}}} (spaces inside the braces are allowed). Nothing is evaluated: an unknown
 * placeholder stays as written, and a value that looks like a placeholder (a visitor who calls
 * themselves {@code {{agent.name}}}) is not expanded again. A visitor without a name is "there" (so
 * "Hi {{visitor.firstName}}," reads "Hi there,"). The result is text, not markup: whoever shows it escapes it.
 */
public final class Placeholders {

    public static final String NO_NAME = "there";

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*(visitor\\.name|visitor\\.firstName|agent\\.name)\\s*}}");

    private Placeholders() {}

    public static String fill(String content, String visitorName, String agentName) {
        String visitor = visitorName == null || visitorName.isBlank() ? NO_NAME : visitorName.strip();
        String agent = agentName == null || agentName.isBlank() ? "" : agentName.strip();
        Matcher matcher = PLACEHOLDER.matcher(content);
        StringBuilder filled = new StringBuilder(content.length());
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "visitor.name" -> visitor;
                case "visitor.firstName" -> visitor.split("\\s+", 2)[0];
                default -> agent;
            };
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }
}
