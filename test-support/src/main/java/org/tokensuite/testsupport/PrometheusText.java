package org.tokensuite.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scrape of {@code /actuator/prometheus} (Prometheus text format 0.0.4, or OpenMetrics) read into samples:
 * enough for a test to ask which metric names are there and what one series' value is.
 */
public final class PrometheusText {

    /** One line: a metric name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(sample(line.strip()));
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Every metric name with at least one sample. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The value of the one series of {@code name} whose labels include {@code labels}; null when none. */
    public Double value(String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (matching.size() > 1) {
            throw new IllegalArgumentException(matching.size() + " series of " + name + " have the labels " + labels);
        }
        return matching.isEmpty() ? null : matching.get(0).value();
    }

    private static Sample sample(String line) {
        try {
            return read(line);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a sample line: " + line, e);
        }
    }

    /** {@code name{label="value",...} value [timestamp]}; a name outside the legacy charset is quoted inside the braces. */
    private static Sample read(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || (space >= 0 && space < brace)) {
            String[] parts = line.split(" ");
            return new Sample(parts[0], Map.of(), Double.parseDouble(parts[1]));
        }
        String name = line.substring(0, brace);
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            String label = null;
            if (line.charAt(i) != '"') {
                int equals = line.indexOf('=', i);
                label = line.substring(i, equals).strip();
                i = equals + 1;
            }
            StringBuilder value = new StringBuilder();
            int j = i + 1; // past the opening quote
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            if (label == null) {
                name = value.toString();
            } else {
                labels.put(label, value.toString());
            }
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        String[] rest = line.substring(i + 1).strip().split(" ");
        return new Sample(name, labels, Double.parseDouble(rest[0]));
    }
}
