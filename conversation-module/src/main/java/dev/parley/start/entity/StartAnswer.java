package dev.parley.start.entity;

import dev.parley.problem.entity.ProblemException;

/**
 * What one start of a shared transaction gets: its result, or the refusal the rule gave its key alone
 * (a key reused with another body), which refuses that start without rolling back the others.
 */
public record StartAnswer(StartResult result, ProblemException refusal) {

    public static StartAnswer of(StartResult result) {
        return new StartAnswer(result, null);
    }

    public static StartAnswer refused(ProblemException refusal) {
        return new StartAnswer(null, refusal);
    }

    /** The result, or the refusal thrown. */
    public StartResult resultOrThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return result;
    }
}
