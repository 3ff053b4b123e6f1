package dev.parley.it.support;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of a node's Prometheus text ({@code /metrics?scope=application}) as Prometheus parses it:
 * samples by name and labels. Tests compare two scrapes, because the server is shared.
 */
public record Scrape(String text, List<Sample> samples) {

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {}

    public static Scrape of(Parley parley) {
        Reply reply = parley.widget()
                .send(HttpRequest.newBuilder(parley.uri("metrics?scope=application"))
                        .header("Accept", "text/plain")
                        .GET()
                        .build());
        if (reply.status() != 200) {
            throw new AssertionError("/metrics?scope=application: " + reply);
        }
        return parse(reply.body());
    }

    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return new Scrape(text, List.copyOf(samples));
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels} (name, value, ...); 0 if none. */
    public double value(String name, String... labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(Sample::value)
                .sum();
    }

    /** Whether a sample named {@code name} with {@code labels} exists at all. */
    public boolean has(String name, String... labels) {
        return samples.stream().anyMatch(sample -> {
            if (!sample.name().equals(name)) {
                return false;
            }
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        });
    }
}
