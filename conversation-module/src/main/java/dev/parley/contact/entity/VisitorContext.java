package dev.parley.contact.entity;

import dev.parley.problem.entity.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a visitor's widget reports about where they are: the page ({@code url} without its fragment,
 * {@code title}), the browser's {@code language} and {@code timeZone}, and the {@code browser} (the
 * request's User-Agent, cut to {@link #BROWSER_LIMIT}). The rule is strict because agents click the URL:
 * only an absolute http(s) address without credentials, printable ASCII as browsers send it; a fragment
 * is dropped, never stored (it may hold tokens). The limits are the database's column sizes.
 */
public record VisitorContext(String url, String title, String language, String timeZone, String browser) {

    public static final int URL_LIMIT = 2048;
    public static final int TITLE_LIMIT = 300;
    public static final int LANGUAGE_LIMIT = 35;
    public static final int TIME_ZONE_LIMIT = 64;
    public static final int BROWSER_LIMIT = 300;

    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    /** Lists every violation of the body's fields; an empty list means {@link #normalized} may be stored. */
    public static List<FieldError> violations(VisitorContext context) {
        List<FieldError> errors = new ArrayList<>();
        if (context.url() == null || context.url().isBlank()) {
            errors.add(new FieldError("url", "is required"));
        } else if (context.url().strip().length() > URL_LIMIT) {
            errors.add(new FieldError("url", "must be at most " + URL_LIMIT + " characters"));
        } else if (!isPageAddress(context.url().strip())) {
            errors.add(new FieldError("url", "must be an absolute http or https URL without credentials"));
        }
        if (context.title() != null) {
            if (context.title().isBlank()) {
                errors.add(new FieldError("title", "must not be blank (leave it out instead)"));
            } else if (context.title().strip().length() > TITLE_LIMIT) {
                errors.add(new FieldError("title", "must be at most " + TITLE_LIMIT + " characters"));
            } else if (context.title().chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError("title", "must not contain control characters"));
            }
        }
        if (context.language() != null
                && (context.language().length() > LANGUAGE_LIMIT
                        || !LANGUAGE_TAG.matcher(context.language()).matches())) {
            errors.add(new FieldError("language", "must be a language tag like en or zh-CN (at most 35 characters)"));
        }
        if (context.timeZone() != null
                && (context.timeZone().length() > TIME_ZONE_LIMIT || !ZONES.contains(context.timeZone()))) {
            errors.add(new FieldError("timeZone", "must be a known IANA time zone like Europe/Berlin"));
        }
        return errors;
    }

    /** Trimmed, the URL without its fragment, blank as null, the browser cut to its limit without control characters. */
    public VisitorContext normalized() {
        String page = url.strip();
        int hash = page.indexOf('#');
        return new VisitorContext(
                hash < 0 ? page : page.substring(0, hash),
                blankAsNull(title == null ? null : title.strip()),
                blankAsNull(language),
                blankAsNull(timeZone),
                browser(browser));
    }

    /** The User-Agent as stored: control characters as spaces, trimmed, at most {@link #BROWSER_LIMIT} characters. */
    public static String browser(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder();
        userAgent
                .codePoints()
                .map(c -> Character.isISOControl(c) || Character.isSurrogate((char) c) && c <= 0xFFFF ? ' ' : c)
                .forEach(clean::appendCodePoint);
        String text = clean.toString().strip();
        if (text.length() > BROWSER_LIMIT) {
            text = text.substring(0, BROWSER_LIMIT).strip();
            if (Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return blankAsNull(text);
    }

    private static boolean isPageAddress(String url) {
        if (!PRINTABLE_ASCII.matcher(url).matches()) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException notAUri) {
            return false;
        }
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
