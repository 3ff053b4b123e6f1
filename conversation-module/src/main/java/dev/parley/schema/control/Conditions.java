package dev.parley.schema.control;

import dev.parley.schema.entity.Total;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The where clause of a search with optional filters, built one condition at a time with positional
 * parameters, so a filter's value never becomes query text. Used by every paged list (conversations,
 * audit log) so that "contains", "starts with" and the escaping of {@code %} and {@code _} mean the
 * same everywhere.
 */
public final class Conditions {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    /** Adds {@code condition}, in which {@code ?} stands for {@code value}; a null value adds nothing. */
    public Conditions equal(String path, Object value) {
        return value == null ? this : add(path + " = ?", value);
    }

    /** A case-insensitive substring match on {@code path}; a blank value adds nothing. */
    public Conditions contains(String path, String value) {
        return isBlank(value) ? this : add("lower(" + path + ") like ? escape '!'", containing(value));
    }

    /**
     * The {@code like} pattern (with {@code escape '!'}) of a case-insensitive substring match on lower-cased
     * text, for a condition over several paths given to {@link #when}.
     */
    public static String containing(String value) {
        return "%" + escaped(value.strip().toLowerCase(Locale.ROOT)) + "%";
    }

    /** A case-sensitive prefix match on {@code path}; a blank value adds nothing. */
    public Conditions startsWith(String path, String value) {
        return isBlank(value) ? this : add(path + " like ? escape '!'", escaped(value.strip()) + "%");
    }

    public Conditions atLeast(String path, Object value) {
        return value == null ? this : add(path + " >= ?", value);
    }

    public Conditions before(String path, Object value) {
        return value == null ? this : add(path + " < ?", value);
    }

    /** A condition in which each {@code ?} stands for the next of {@code values}, when {@code wanted}. */
    public Conditions when(boolean wanted, String condition, Object... values) {
        if (wanted) {
            conditions.add(numbered(condition, values));
        }
        return this;
    }

    /**
     * A fragment for elsewhere in the same query (a select list, say), its {@code ?} numbered after the
     * parameters so far and bound with them.
     */
    public String numbered(String fragment, Object... values) {
        StringBuilder numbered = new StringBuilder();
        int next = 0;
        for (char c : fragment.toCharArray()) {
            if (c == '?') {
                parameters.add(values[next++]);
                numbered.append('?').append(parameters.size());
            } else {
                numbered.append(c);
            }
        }
        if (next != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + next + " parameters: " + fragment);
        }
        return numbered.toString();
    }

    /** {@code " where a and b"}, or nothing when no filter was given. */
    public String where() {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    /**
     * How many rows of {@code from} (a JPQL from clause whose root entity has the alias {@code alias} and an
     * {@code id}) these conditions match: first whether a row exists beyond {@link Total#LIMIT} (the database
     * stops after that many), and only if not the exact count, which then reads at most that many.
     */
    public Total total(EntityManager em, String alias, String from) {
        boolean beyond = !bind(em.createQuery("select " + alias + ".id" + from + where(), Object.class))
                .setFirstResult(Total.LIMIT)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
        return beyond
                ? Total.moreThanLimit()
                : Total.exactly(bind(em.createQuery("select count(" + alias + ")" + from + where(), Long.class))
                        .getSingleResult());
    }

    public <T> TypedQuery<T> bind(TypedQuery<T> query) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    private Conditions add(String condition, Object value) {
        return when(true, condition, value);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** {@code text} as the literal part of a LIKE pattern with {@code escape '!'}: its {@code %}, {@code _}, {@code !} match only themselves. */
    public static String escaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
