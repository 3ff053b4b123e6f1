package dev.parley.schema.entity;

import java.util.Locale;

/**
 * How many rows a list matches: counted exactly up to {@link #LIMIT}; above it only "more than
 * {@value #LIMIT}". Counting every match took most of a page's time on large tables (75 ms for a million
 * conversations, 625 ms for 11.5 million audit entries: docs/BENCHMARKS.md, "Scale of data") while the
 * page itself took under 3 ms, and nobody pages through ten thousand rows: they narrow the filter. The
 * agent API then leaves out {@code X-Total-Count} (as GitLab does above the same limit) and the console
 * says "more than 10,000".
 */
public record Total(long value, boolean exact) {

    /** The most rows a list counts exactly. */
    public static final int LIMIT = 10_000;

    public static Total exactly(long value) {
        return new Total(value, true);
    }

    public static Total moreThanLimit() {
        return new Total(LIMIT, false);
    }

    /** The number of pages of {@code size} rows, when known; -1 when there are more than {@value #LIMIT} rows. */
    public long pages(int size) {
        return exact ? Math.max(1, (value + size - 1) / size) : -1;
    }

    /** The highest page number a pager may show: the last page, or no bound above the limit. */
    public long lastPage(int size) {
        return exact ? pages(size) : Integer.MAX_VALUE;
    }

    /** "Page 2 of 7", or "Page 2" when there are more than {@link #LIMIT} rows. */
    public String position(long page, int size) {
        return "Page " + page + (exact ? " of " + pages(size) : "");
    }

    /**
     * Whether rows follow the first {@code shown} ones. Above the limit, a full page ({@code fullPage}) is
     * taken to have a next one (which can then be empty when the match count is an exact multiple).
     */
    public boolean hasMoreAfter(long shown, boolean fullPage) {
        return exact ? shown < value : shown < LIMIT || fullPage;
    }

    /** For people: the number, or "more than 10,000". */
    public String text() {
        return exact ? Long.toString(value) : String.format(Locale.ROOT, "more than %,d", LIMIT);
    }
}
