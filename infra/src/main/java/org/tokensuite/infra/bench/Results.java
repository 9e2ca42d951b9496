package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the benchmark measured: the printed table (one row per figure) and the JSON document. */
final class Results {

    /** The benchmark's JSON reader and writer (results, wrk's report, Keycloak's answers). */
    static final ObjectMapper JSON = new ObjectMapper();

    /** One line of the table; {@code verdict} is met / missed / "" (no target) / not measured. */
    record Row(String what, String measured, String target, String ratio, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> document = new LinkedHashMap<>();
    private final Map<String, Object> measurements = new LinkedHashMap<>();

    Results(Map<String, Object> machine) {
        document.put("machine", machine);
        document.put("measurements", measurements);
    }

    void put(String key, Object value) {
        measurements.put(key, value);
    }

    void row(String what, String measured, String target, String ratio, String verdict) {
        rows.add(new Row(what, measured, target, ratio, verdict));
        System.out.printf("[bench] %s: %s %s %s %s%n", what, measured, ratio, target, verdict);
    }

    void notMeasured(String what, String target, String reason) {
        rows.add(new Row(what, "not measured: " + reason, target, "", "not measured"));
        measurements.put(what, Map.of("not_measured", reason));
        System.out.printf("[bench] %s: not measured: %s%n", what, reason);
    }

    static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    /** One load phase of a step, for {@link #steadiness}: its warm-up, its measured window and that window's halves. */
    record Phase(String name, Duration warmUp, Duration window, Halves halves) {
        String text() {
            return String.format("%s (%d s warm-up, %d s measured): %s", name, warmUp.toSeconds(), window.toSeconds(),
                    halves.text());
        }
    }

    static final String STEADY_TARGET = "halves within 10 %";

    /**
     * The row that shows a step's measured windows were steady: for each phase its warm-up, its window and
     * the throughput of the window's first and second half; "steady" when every phase's halves are within
     * 10 %, else which were not.
     */
    void steadiness(String step, List<Phase> phases) {
        if (phases.isEmpty()) {
            return;
        }
        List<String> unsteady = phases.stream().filter(p -> !p.halves().steady()).map(Phase::name).toList();
        double worst = phases.stream().filter(p -> p.halves().known()).mapToDouble(p -> p.halves().apart())
                .max().orElse(Double.NaN);
        row(step + ": measured windows steady? (throughput of first → second half)",
                String.join("; ", phases.stream().map(Phase::text).toList()), STEADY_TARGET,
                Double.isNaN(worst) ? "" : String.format("worst %.1f %% apart", 100 * worst),
                unsteady.isEmpty() ? "steady" : "NOT STEADY: " + String.join(", ", unsteady));
    }

    void meta(String key, Object value) {
        document.put(key, value);
    }

    /** The table as Markdown (also how it is printed, so it can be pasted into a README as is). */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| what | measured | ratio | target | verdict |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(cell(row.what())).append(" | ").append(cell(row.measured())).append(" | ")
                    .append(cell(row.ratio())).append(" | ").append(cell(row.target())).append(" | ")
                    .append(cell(row.verdict())).append(" |\n");
        }
        return out.toString();
    }

    /** A cell's text with its pipes escaped (a reason quoted from an error may hold one). */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    void write(Path... files) throws IOException {
        List<Map<String, String>> table = new ArrayList<>();
        for (Row row : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("what", row.what());
            m.put("measured", row.measured());
            m.put("ratio", row.ratio());
            m.put("target", row.target());
            m.put("verdict", row.verdict());
            table.add(m);
        }
        document.put("table", table);
        byte[] json = Results.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(document);
        for (Path file : files) {
            Files.createDirectories(file.getParent());
            Files.write(file, json);
        }
    }
}
