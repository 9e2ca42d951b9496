package org.tokensuite.infra.bench;

import org.tokensuite.infra.Databases;
import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;
import org.tokensuite.infra.SuiteOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The suite's benchmark ({@code infra/bin/benchmark.sh}): measures, from this process, an isolated
 * suite it starts itself (or a running one, see {@link Endpoints}), a bare JDBC lookup and Keycloak
 * as references; prints a Markdown table (the performance targets, ratios, met/missed) and writes the
 * figures as JSON under {@code run/bench/}. Never part of the tests: nothing here asserts a duration.
 * Every figure that cannot be taken is reported as "not measured" with the reason.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = SuiteOptions.findRoot();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path benchRoot = root.resolve("run").resolve("bench");
        Path work = benchRoot.resolve(stamp);
        Files.createDirectories(work);
        Duration warmUp = Duration.ofSeconds(intEnv("BENCH_WARMUP_SECONDS", 30));
        Duration duration = Duration.ofSeconds(intEnv("BENCH_DURATION_SECONDS", 20));
        int connections = intEnv("BENCH_CONNECTIONS", 32);
        Duration maxWarmUp = Duration.ofSeconds(Math.max(warmUp.toSeconds(), intEnv("BENCH_WARMUP_MAX_SECONDS", 300)));
        WrkLoad wrk = new WrkLoad(work, maxWarmUp);
        Databases databases = Databases.fromEnvironment();

        // References first, one at a time, each alone on the machine; then the suite's figures, in this order.
        List<BenchmarkStep> references = List.of(new JdbcFloor(databases), new KeycloakSetUp(benchRoot));
        List<BenchmarkStep> measurements = List.of(new IntrospectionLoad(), new UsageCost(), new CommandThroughput(),
                new ViewLag(), new RevocationPropagation(), new Offboarding(), new BulkRevocation(), new ViewRebuild(), new StartToReady(),
                new IndexMemory());
        List<String> steps = Stream.concat(references.stream(), measurements.stream()).map(BenchmarkStep::name).toList();

        Set<String> only = onlySteps(steps);
        Results results = new Results(MachineReport.now());
        results.meta("started_at", Instant.now().toString());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("connections", connections);
        settings.put("warm_up_s", warmUp.toSeconds());
        settings.put("warm_up_max_s", maxWarmUp.toSeconds());
        settings.put("warm_up_until_jit_share", ProcessCpu.COMPILERS_SETTLED);
        settings.put("duration_s", duration.toSeconds());
        settings.put("load_tool", "wrk -t" + WrkLoad.THREADS + " -c" + connections);
        settings.put("clients", CommandThroughput.clients());
        settings.put("command_warm_up_s", CommandThroughput.warmUp().toSeconds());
        settings.put("command_warm_up_max_s", CommandThroughput.maxWarmUp().toSeconds());
        settings.put("command_warm_up_until_jit_share", CommandThroughput.JIT_SETTLED);
        settings.put("command_s", CommandThroughput.issueWindow().toSeconds());
        settings.put("steady_when_halves_within", Halves.STEADY);
        settings.put("steps", only.isEmpty() ? steps : List.copyOf(only));
        results.meta("settings", settings);
        System.out.printf("[bench] settings: %s%n", settings);
        BenchmarkContext context = new BenchmarkContext(only, results, wrk, databases, connections, warmUp, duration);

        // Keycloak is started and set up by its step, then idles until it is measured right before token-query.
        run(references, context);

        Optional<Endpoints> given = Endpoints.fromEnvironment();
        Suite suite = null;
        Endpoints endpoints;
        if (given.isPresent()) {
            endpoints = given.get();
            System.out.printf("[bench] measuring the running suite at %s%n", endpoints.command());
        } else {
            Path snapshot = JarSnapshot.take(root, work.resolve("jars"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> JarSnapshot.delete(snapshot)));
            SuiteOptions options = SuiteOptions.isolated(snapshot, work.resolve("suite"));
            Suite[] holder = new Suite[1];
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (holder[0] != null) {
                    holder[0].close();
                }
            }));
            suite = Suite.start(options, s -> holder[0] = s);
            endpoints = new Endpoints(suite.url(Service.TOKEN_COMMAND), suite.url(Service.TOKEN_QUERY),
                    suite.url(Service.AUDIT_PROJECTOR), suite.adminToken(), suite.kafkaAccess(),
                    tokenQueryPid(suite), tokenCommandPids(suite));
        }
        try {
            context.measure(suite, endpoints);
            context.introspector(IntrospectionLoad.introspector(context.client()));
            run(measurements, context);
        } finally {
            if (context.keycloak != null) {
                context.keycloak.close();
            }
            if (suite != null) {
                suite.close();
            }
        }
        results.meta("finished_at", Instant.now().toString());
        results.meta("machine_at_end", MachineReport.now());
        Path file = benchRoot.resolve("results-" + stamp + ".json");
        results.write(file, benchRoot.resolve("results-latest.json"));
        System.out.println();
        System.out.println(results.table());
        System.out.printf("settings: %s%n", settings);
        System.out.printf("machine: %s%nJSON: %s (and %s)%n", MachineReport.summary(), file,
                benchRoot.resolve("results-latest.json"));
    }

    /**
     * Runs the selected steps in order; a step that fails is reported as not measured, with the reason,
     * and the next one runs.
     */
    private static void run(List<BenchmarkStep> steps, BenchmarkContext context) {
        for (BenchmarkStep step : steps) {
            if (!step.selectedBy(context.only())) {
                step.skipped(context);
                continue;
            }
            try {
                step.run(context);
            } catch (Exception e) {
                BenchmarkStep.Figure figure = step.figure(context);
                context.results().notMeasured(figure.what(), figure.target(), e.getMessage());
            }
            step.afterwards(context);
        }
    }

    static Optional<Long> tokenQueryPid(Suite suite) {
        return pidsOf(suite, Service.TOKEN_QUERY).stream().findFirst();
    }

    /** Every token-command instance's process (the CPU per command is their sum). */
    static List<Long> tokenCommandPids(Suite suite) {
        return pidsOf(suite, Service.TOKEN_COMMAND);
    }

    /** The live processes running {@code service}'s exec jar (every instance of it). */
    static List<Long> pidsOf(Suite suite, Service service) {
        String jar = "/" + service.execJarName(SuiteOptions.VERSION);
        return suite.processes().stream().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(jar)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    /** BENCH_ONLY=introspection,usage-cost: the steps to run (empty: all); fails on a name it does not know. */
    private static Set<String> onlySteps(List<String> steps) {
        Set<String> only = new LinkedHashSet<>();
        for (String step : env("BENCH_ONLY", "").split(",")) {
            if (!step.isBlank()) {
                if (!steps.contains(step.trim())) {
                    throw new IllegalArgumentException("BENCH_ONLY: unknown step '" + step.trim() + "' (steps: "
                            + String.join(",", steps) + ")");
                }
                only.add(step.trim());
            }
        }
        return only;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }
}
