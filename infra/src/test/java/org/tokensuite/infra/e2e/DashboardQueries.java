package org.tokensuite.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a Grafana dashboard's queries use, per service: every PromQL selector in an {@code expr}
 * is {@code metric{job="service", ...}} or {@code metric{job=~"a|b", ...}}, the job being the service's name
 * (as infra/deploy/prometheus/prometheus.yml names the jobs). A selector without a job, or a metric name
 * outside a selector, is refused: the check could not tell which service the panel is about.
 */
final class DashboardQueries {

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern JOB = Pattern.compile("(?:^|,)\\s*job\\s*(=~|=)\\s*\"([^\"]*)\"");
    private static final Pattern WORD = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL's functions, aggregations and keywords a query here may use (anything else would be a bare metric). */
    private static final Set<String> PROMQL = Set.of("sum", "min", "max", "avg", "count", "topk", "bottomk", "quantile",
            "rate", "irate", "increase", "delta", "deriv", "histogram_quantile", "clamp_min", "clamp_max", "abs",
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
            "vector", "scalar", "time", "avg_over_time", "max_over_time", "min_over_time");

    private DashboardQueries() {
    }

    /** Every {@code expr} of the dashboard at {@code file}, in panel order. */
    static List<String> expressions(Path file) throws IOException {
        List<String> found = new ArrayList<>();
        collect(new ObjectMapper().readTree(file.toFile()), found);
        return found;
    }

    /** For each service (job) named by the expressions, the metric names queried from it. */
    static Map<String, Set<String>> metricsByService(List<String> expressions) {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (String expr : expressions) {
            Matcher selector = SELECTOR.matcher(expr);
            int selectors = 0;
            while (selector.find()) {
                selectors++;
                Matcher job = JOB.matcher(selector.group(2));
                if (!job.find()) {
                    throw new IllegalArgumentException("a selector without job=\"<service>\": " + selector.group() + " in " + expr);
                }
                List<String> jobs = job.group(1).equals("=") ? List.of(job.group(2)) : List.of(job.group(2).split("\\|"));
                for (String service : jobs) {
                    wanted.computeIfAbsent(service, s -> new TreeSet<>()).add(selector.group(1));
                }
            }
            if (selectors == 0) {
                throw new IllegalArgumentException("no selector in " + expr);
            }
            String rest = SELECTOR.matcher(expr).replaceAll(" ")
                    .replaceAll("\"[^\"]*\"", " ")          // string literals
                    .replaceAll("\\[[^]]*]", " ")            // range durations
                    .replaceAll("(?:by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // label lists
            Matcher word = WORD.matcher(rest);
            while (word.find()) {
                if (!PROMQL.contains(word.group())) {
                    throw new IllegalArgumentException("'" + word.group() + "' is neither PromQL nor in a selector with a job: " + expr);
                }
            }
        }
        return wanted;
    }

    private static void collect(JsonNode node, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    found.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), found);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, found));
        }
    }
}
