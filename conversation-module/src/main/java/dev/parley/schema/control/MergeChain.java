package dev.parley.schema.control;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A merged row (a conversation or a contact) points at the row it was merged into, which may itself be
 * merged: a chain. Every walk along such a chain, forwards to the survivor or backwards to what was
 * merged in, stops after {@link #MAX_HOPS} steps, one limit for all of them. Chains are short in
 * practice (each merge adds one hop and merges of merges are rare); the limit only guards against a
 * cycle a bug could leave, so a walk can never run away.
 */
public final class MergeChain {

    public static final int MAX_HOPS = 32;

    private MergeChain() {}

    /** Where the chain from {@code start} ends: {@code next} gives the following element, or null at the end. */
    public static <T> T end(T start, UnaryOperator<T> next) {
        T current = start;
        for (int hops = 0; hops < MAX_HOPS; hops++) {
            T following = next.apply(current);
            if (following == null) {
                return current;
            }
            current = following;
        }
        return current;
    }

    /** Every element after {@code start}, in chain order, at most {@link #MAX_HOPS} of them. */
    public static <T> List<T> after(T start, UnaryOperator<T> next) {
        List<T> elements = new ArrayList<>();
        T current = start;
        for (int hops = 0; hops < MAX_HOPS; hops++) {
            current = next.apply(current);
            if (current == null) {
                break;
            }
            elements.add(current);
        }
        return elements;
    }
}
