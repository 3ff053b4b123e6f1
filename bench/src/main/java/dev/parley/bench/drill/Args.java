package dev.parley.bench.drill;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs, with defaults; unknown names are refused so a typo does not pass silently. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, String... known) {
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--")
                    || i + 1 >= args.length
                    || !java.util.List.of(known).contains(name.substring(2))) {
                throw new IllegalArgumentException(
                        "usage: --name value with a name among " + String.join(", ", known) + "; got " + name);
            }
            values.put(name.substring(2), args[i + 1]);
        }
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String require(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, String.valueOf(fallback)));
    }
}
