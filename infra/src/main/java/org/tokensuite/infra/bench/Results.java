package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    void meta(String key, Object value) {
        document.put(key, value);
    }

    /** The table as Markdown (also how it is printed, so it can be pasted into a README as is). */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| what | measured | ratio | target | verdict |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.what()).append(" | ").append(row.measured()).append(" | ").append(row.ratio())
                    .append(" | ").append(row.target()).append(" | ").append(row.verdict()).append(" |\n");
        }
        return out.toString();
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
