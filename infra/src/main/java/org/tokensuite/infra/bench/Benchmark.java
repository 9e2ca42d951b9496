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

/**
 * The suite's benchmark ({@code infra/bin/benchmark.sh}): measures, from this process, an isolated
 * suite it starts itself (or a running one, see {@link Endpoints}), a bare JDBC lookup and Keycloak
 * as references; prints a Markdown table (the performance targets, ratios, met/missed) and writes the
 * figures as JSON under {@code run/bench/}. Never part of the tests: nothing here asserts a duration.
 * Every figure that cannot be taken is reported as "not measured" with the reason.
 */
public final class Benchmark {

    private static final String TARGET_THROUGHPUT = "≥ 25× Keycloak";
    private static final String TARGET_P99 = "≤ 1/20 of Keycloak's";
    private static final String TARGET_USAGE = "≤ 10 %";
    /** The steps BENCH_ONLY can name, in the order they run. */
    static final List<String> STEPS = List.of("jdbc-floor", "keycloak", "introspection", "usage-cost", "commands",
            "revocation", "offboarding", "rebuild", "start-to-ready", "memory");

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = SuiteOptions.findRoot();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path benchRoot = root.resolve("run").resolve("bench");
        Path work = benchRoot.resolve(stamp);
        Files.createDirectories(work);
        Duration warmUp = Duration.ofSeconds(intEnv("BENCH_WARMUP_SECONDS", 10));
        Duration duration = Duration.ofSeconds(intEnv("BENCH_DURATION_SECONDS", 20));
        int connections = intEnv("BENCH_CONNECTIONS", 32);
        WrkLoad wrk = new WrkLoad(work);
        Databases databases = Databases.fromEnvironment();

        Set<String> only = onlySteps();
        Results results = new Results(MachineReport.now());
        results.meta("started_at", Instant.now().toString());
        results.meta("settings", Map.of("connections", connections, "warm_up_s", warmUp.toSeconds(),
                "duration_s", duration.toSeconds(), "load_tool", "wrk -t2 -c" + connections,
                "steps", only.isEmpty() ? STEPS : List.copyOf(only)));

        // References first, one at a time, each alone on the machine.
        Map<String, JdbcFloor.Result> floor = null;
        if (selected(only, "jdbc-floor")) {
            try {
                System.out.printf("[bench] JDBC primary-key lookup reference (%d s per run)%n", duration.toSeconds() / 2);
                floor = new JdbcFloor(databases).run(duration.dividedBy(2));
                Map<String, Object> json = new LinkedHashMap<>();
                floor.forEach((k, v) -> json.put(k, v.json()));
                results.put("jdbc_pk_lookup", json);
            } catch (Exception e) {
                results.notMeasured("PostgreSQL PK lookup over JDBC (reference)", "–", e.getMessage());
            }
        }

        // Keycloak is started and set up now, then idles until it is measured right before token-query.
        KeycloakReference keycloak = null;
        String keycloakWhyNot = null;
        if (!selected(only, "keycloak")) {
            keycloakWhyNot = "skipped (BENCH_ONLY)";
        } else if (Boolean.parseBoolean(env("BENCH_KEYCLOAK", "true"))) {
            Path zip = Path.of(env("KEYCLOAK_ZIP", System.getProperty("user.home")
                    + "/.m2/repository/org/keycloak/keycloak-quarkus-dist/" + KeycloakReference.VERSION
                    + "/keycloak-quarkus-dist-" + KeycloakReference.VERSION + ".zip"));
            keycloak = new KeycloakReference(benchRoot, zip,
                    Path.of(env("KEYCLOAK_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")), databases);
            keycloakWhyNot = keycloak.unavailableReason();
            if (keycloakWhyNot == null) {
                KeycloakReference started = keycloak;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close));
                try {
                    keycloak.prepare();
                } catch (Exception e) {
                    keycloakWhyNot = e.getMessage();
                    keycloak.close();
                }
            }
            if (keycloakWhyNot != null) {
                keycloak = null;
            }
        } else {
            keycloakWhyNot = "skipped (BENCH_KEYCLOAK=false)";
        }

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
                    tokenQueryPid(suite));
        }
        try {
            measureSuite(new SuiteHttp(endpoints), suite, only, results, wrk, connections, warmUp, duration, keycloak,
                    keycloakWhyNot, floor);
        } finally {
            if (keycloak != null) {
                keycloak.close();
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
        System.out.printf("machine: %s%nJSON: %s (and %s)%n", MachineReport.summary(), file,
                benchRoot.resolve("results-latest.json"));
    }

    /** {@code suite} is null when measuring a running suite (it cannot be restarted then). */
    private static void measureSuite(SuiteHttp http, Suite suite, Set<String> only, Results results, WrkLoad wrk,
                                     int connections, Duration warmUp, Duration duration,
                                     KeycloakReference keycloakServer, String keycloakWhyNot,
                                     Map<String, JdbcFloor.Result> floor) {
        IntrospectionLoad introspection = new IntrospectionLoad(http);
        String introspector = introspection.introspector();

        // 1. introspection under load: Keycloak, then token-query right after it, against the JDBC floor
        //    (also run when only usage-cost is asked for: it is the "usage tracking on" half)
        WrkLoad.Result keycloak = null;
        WrkLoad.Result ours = null;
        IntrospectionLoad.Mix mix = null;
        if (selected(only, "introspection") || selected(only, "usage-cost")) {
            try {
                mix = introspection.prepare(introspector);
                if (keycloakServer != null) {
                    try {
                        System.out.printf("[bench] Keycloak introspection: %d connections, %d s warm-up, %d s measured%n",
                                connections, warmUp.toSeconds(), duration.toSeconds());
                        keycloak = keycloakServer.measure(wrk, connections, warmUp, duration);
                        results.put("keycloak_introspection", keycloak.json());
                    } catch (Exception e) {
                        keycloakWhyNot = e.getMessage();
                    } finally {
                        keycloakServer.close();
                    }
                }
                System.out.printf("[bench] token-query introspection: %d connections, %d s warm-up, %d s measured%n",
                        connections, warmUp.toSeconds(), duration.toSeconds());
                ours = introspection.run(introspector, mix, wrk, connections, warmUp, duration);
                results.put("token_query_introspection", ours.json());
                String errors = ours.errors() == 0 ? "" : " (" + ours.errors() + " errors)";
                if (keycloak != null) {
                    double ratio = ours.perSecond() / keycloak.perSecond();
                    results.row("introspection throughput, " + connections + " conn, 90 % valid",
                            String.format("%,.0f req/s%s (Keycloak %,.0f req/s)", ours.perSecond(), errors, keycloak.perSecond()),
                            TARGET_THROUGHPUT, String.format("%.1f×", ratio), Results.verdict(ratio >= 25));
                    double p99Ratio = keycloak.p99Millis() / ours.p99Millis();
                    results.row("introspection latency p50 / p99",
                            String.format("%.2f / %.2f ms (Keycloak %.1f / %.1f ms)", ours.p50Millis(), ours.p99Millis(),
                                    keycloak.p50Millis(), keycloak.p99Millis()),
                            TARGET_P99, String.format("1/%.1f", p99Ratio), Results.verdict(p99Ratio >= 20));
                    results.row("introspection requests per server CPU-second (load-independent)",
                            String.format("%,.0f (Keycloak %,.0f)", ours.perServerCpuSecond(), keycloak.perServerCpuSecond()),
                            "–", String.format("%.1f×", ours.perServerCpuSecond() / keycloak.perServerCpuSecond()), "");
                } else {
                    results.row("introspection throughput, " + connections + " conn, 90 % valid",
                            String.format("%,.0f req/s%s", ours.perSecond(), errors), TARGET_THROUGHPUT,
                            "Keycloak not measured: " + keycloakWhyNot, "not judged");
                    results.row("introspection latency p50 / p99",
                            String.format("%.2f / %.2f ms", ours.p50Millis(), ours.p99Millis()), TARGET_P99,
                            "Keycloak not measured", "not judged");
                }
                if (floor != null) {
                    JdbcFloor.Result one = floor.get("1 thread");
                    JdbcFloor.Result many = floor.get("32 threads");
                    results.row("reference: PostgreSQL PK lookup over JDBC (100k hashes)",
                            String.format("1 thread p50 %.0f µs / p99 %.0f µs (%,.0f/s); 32 threads %,.0f/s, p99 %.2f ms",
                                    one.latencies().p50Millis() * 1000, one.latencies().p99Millis() * 1000, one.perSecond(),
                                    many.perSecond(), many.latencies().p99Millis()),
                            "–", String.format("introspection over HTTP = %.2f× the 32-thread lookups/s",
                                    ours.perSecond() / many.perSecond()), "");
                }
            } catch (Exception e) {
                results.notMeasured("introspection throughput", TARGET_THROUGHPUT, e.getMessage());
            }
        }
        boolean introspected = selected(only, "introspection") || selected(only, "usage-cost");
        if (introspected && keycloak != null) {
            results.row("reference: Keycloak " + KeycloakReference.VERSION + " RFC 7662 introspection",
                    String.format("%,.0f req/s, p50 %.1f ms, p99 %.1f ms%s", keycloak.perSecond(), keycloak.p50Millis(),
                            keycloak.p99Millis(), keycloak.errors() == 0 ? "" : " (" + keycloak.errors() + " errors)"),
                    "–", "earlier reference run: ~340 req/s, p99 ~230 ms", "");
        } else if (introspected) {
            results.notMeasured("reference: Keycloak " + KeycloakReference.VERSION + " introspection", "–", keycloakWhyNot);
        }

        // 2. usage tracking's cost, right after the introspection it compares with (restarts token-query twice;
        //    the steps after it find token-query running as usual, with the same index)
        if (selected(only, "usage-cost")) {
            http = measureUsageCost(http, suite, results, ours, introspector, mix, wrk, connections, warmUp, duration);
        }

        // 3. commands per second
        int clients = intEnv("BENCH_CLIENTS", 32);
        List<CommandThroughput.Result> commands = new java.util.ArrayList<>();
        String commandFailure = null;
        if (selected(only, "commands")) {
            try {
                Duration issueFor = Duration.ofSeconds(intEnv("BENCH_COMMAND_SECONDS", 15));
                System.out.printf("[bench] commands: %d clients, issue %d s, rotate and revoke %d s each%n", clients,
                        issueFor.toSeconds(), issueFor.toSeconds() * 2 / 3);
                new CommandThroughput(http, clients)
                        .run(issueFor, issueFor.multipliedBy(2).dividedBy(3), issueFor.multipliedBy(2).dividedBy(3), commands);
            } catch (Exception e) {
                commandFailure = e.getMessage();
            }
        }
        Map<String, Object> commandJson = new LinkedHashMap<>();
        for (CommandThroughput.Result r : commands) {
            commandJson.put(r.command(), r.json());
            boolean issue = r.command().equals("issue");
            results.row(r.command() + " commands, sustained, " + clients + " clients",
                    String.format("%,.0f/s (p50 %.1f ms, p99 %.1f ms)", r.perSecond(), r.latencies().p50Millis(),
                            r.latencies().p99Millis()),
                    issue ? "≥ 1,500/s" : "–", issue ? String.format("%.2f× target", r.perSecond() / 1500) : "",
                    issue ? Results.verdict(r.perSecond() >= 1500) : "");
        }
        if (selected(only, "commands")) {
            results.put("commands", commandJson);
        }
        if (commandFailure != null) {
            results.notMeasured(commands.isEmpty() ? "issue commands, sustained" : "rotate/revoke commands",
                    commands.isEmpty() ? "≥ 1,500/s" : "–", commandFailure);
        }

        // 4. revocation propagation
        int revocations = intEnv("BENCH_REVOCATIONS", 200);
        if (selected(only, "revocation")) {
            try {
                System.out.printf("[bench] revocation propagation over %d tokens%n", revocations);
                RevocationPropagation.Result r = new RevocationPropagation(http).run(introspector, revocations);
                results.put("revocation_propagation", r.json());
                results.row("revocation: revoke response → active:false (" + revocations + " tokens)",
                        String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", r.toInactive().p50Millis(),
                                r.toInactive().p99Millis(), r.toInactive().maxMillis()),
                        "p99 ≤ 100 ms", String.format("%.2f of target", r.toInactive().p99Millis() / 100),
                        Results.verdict(r.toInactive().p99Millis() <= 100));
                results.row("revocation: revoke response → audit entry",
                        String.format("p50 %.0f ms, p99 %.0f ms (polled every %d ms)", r.toAudit().p50Millis(),
                                r.toAudit().p99Millis(), RevocationPropagation.AUDIT_POLL_MILLIS), "–", "", "");
            } catch (Exception e) {
                results.notMeasured("revocation: revoke response → active:false", "p99 ≤ 100 ms", e.getMessage());
            }
        }

        // 5. offboarding
        int users = intEnv("BENCH_OFFBOARD_USERS", 5);
        if (selected(only, "offboarding")) {
            try {
                System.out.printf("[bench] HR offboarding: %d users × 100 tokens%n", users);
                Latencies l = new Offboarding(http).run(introspector, users, 100);
                results.put("offboarding", l.json());
                results.row("HR offboarded event → last of 100 tokens inactive (" + users + " users)",
                        String.format("p50 %.0f ms, p99 %.0f ms", l.p50Millis(), l.p99Millis()), "p99 ≤ 1 s",
                        String.format("%.2f of target", l.p99Millis() / 1000), Results.verdict(l.p99Millis() <= 1000));
            } catch (Exception e) {
                results.notMeasured("HR offboarded event → last of 100 tokens inactive", "p99 ≤ 1 s", e.getMessage());
            }
        }

        // 6. view rebuild
        if (selected(only, "rebuild")) {
            try {
                System.out.printf("[bench] view rebuild (replay) from token-events%n");
                ViewRebuild.Result r = new ViewRebuild(http).run(intEnv("BENCH_REBUILD_EVENTS", 0), Duration.ofMinutes(5));
                results.put("view_rebuild", r.json());
                results.row("token-query view rebuilt from the topic (replay)",
                        String.format("%,.0f events/s (%,d events in %.1f s)", r.perSecond(), r.events(), r.seconds()),
                        "≥ 20,000 events/s", String.format("%.2f× target", r.perSecond() / 20_000),
                        Results.verdict(r.perSecond() >= 20_000));
            } catch (Exception e) {
                results.notMeasured("token-query view rebuilt from the topic", "≥ 20,000 events/s", e.getMessage());
            }
        }

        // 7. token-query from process start to ready with many active tokens in the topic
        if (selected(only, "start-to-ready")) {
            int readyTokens = intEnv("BENCH_READY_TOKENS", 100_000);
            if (suite == null) {
                results.notMeasured("token-query from process start to ready", "≤ 20 s with 100 000 active tokens",
                        "needs the suite the benchmark starts (it restarts token-query)");
            } else {
                try {
                    System.out.printf("[bench] start to ready: %,d tokens published, then token-query restarted%n", readyTokens);
                    StartToReady.Result r = new StartToReady(suite, http).run(introspector, readyTokens, Duration.ofMinutes(5));
                    http = new SuiteHttp(http.endpoints().withTokenQueryPid(tokenQueryPid(suite)));
                    results.put("start_to_ready", r.json());
                    results.row("token-query from process start to ready (" + String.format("%,d", readyTokens) + " tokens published)",
                            String.format("%.1f s (%,d events in the topic)", r.seconds(), r.tokensInTopic()),
                            "≤ 20 s with 100 000 active tokens", String.format("%.2f of target", r.seconds() / 20),
                            Results.verdict(r.seconds() <= 20));
                } catch (Exception e) {
                    results.notMeasured("token-query from process start to ready", "≤ 20 s with 100 000 active tokens", e.getMessage());
                }
            }
        }

        // 8. index memory (last: it floods the topic, and the projectors are busy for minutes after)
        int tokens = intEnv("BENCH_MEMORY_TOKENS", 1_000_000);
        if (!selected(only, "memory")) {
            System.out.println("[bench] index memory: skipped (BENCH_ONLY)");
        } else if (http.endpoints().tokenQueryPid().isEmpty()) {
            results.notMeasured("active tokens in one token-query", "1 M within 512 MB heap",
                    "needs the suite the benchmark starts (token-query's pid for jcmd)");
        } else if (tokens <= 0) {
            results.notMeasured("active tokens in one token-query", "1 M within 512 MB heap", "BENCH_MEMORY_TOKENS=0");
        } else {
            try {
                System.out.printf("[bench] index memory: %,d tokens published onto token-events%n", tokens);
                IndexMemory.Result r = new IndexMemory(http, http.endpoints().tokenQueryPid().get())
                        .run(introspector, tokens, Duration.ofMinutes(intEnv("BENCH_MEMORY_MINUTES", 6)));
                results.put("index_memory", r.json());
                double mb = 1024 * 1024;
                double projected = r.projectedMillionBytes();
                String measured = String.format("%,d tokens%s: heap used %.0f → %.0f MB after full GC (%.0f B/token)%s;"
                                + " %s", r.tokens(), r.loaded() ? "" : " (NOT all loaded in time)",
                        r.heapBeforeBytes() / mb, r.heapAfterBytes() / mb, r.bytesPerToken(),
                        String.format(", loaded in %.0f s", r.seconds()),
                        r.tokens() >= 1_000_000 ? "max heap " + Math.round(r.maxHeapBytes() / mb) + " MB"
                                : String.format("1 M projected %.0f MB", projected / mb));
                boolean met = r.loaded() && projected <= 512 * mb && (r.tokens() < 1_000_000 || r.heapAfterBytes() <= 512 * mb);
                results.row("active tokens held by one token-query (-Xmx512m)", measured, "1 M within 512 MB heap",
                        String.format("%.0f%% of 512 MB", 100 * (r.tokens() >= 1_000_000 ? r.heapAfterBytes() : projected) / (512 * mb)),
                        r.loaded() ? Results.verdict(met) : "MISSED (not loaded in time)");
            } catch (Exception e) {
                results.notMeasured("active tokens held by one token-query", "1 M within 512 MB heap", e.getMessage());
            }
        }
    }

    private static SuiteHttp measureUsageCost(SuiteHttp http, Suite suite, Results results, WrkLoad.Result on,
                                              String introspector, IntrospectionLoad.Mix mix, WrkLoad wrk,
                                              int connections, Duration warmUp, Duration duration) {
        String what = "usage tracking's cost on introspection";
        if (suite == null) {
            results.notMeasured(what, TARGET_USAGE, "needs the suite the benchmark starts (token-query is restarted"
                    + " with TOKENS_USAGE_ENABLED=false)");
            return http;
        }
        if (on == null) {
            results.notMeasured(what, TARGET_USAGE, "the introspection measurement (usage on) failed");
            return http;
        }
        Endpoints endpoints = http.endpoints();
        UsageCost cost = new UsageCost(suite, http, pid -> new SuiteHttp(endpoints.withTokenQueryPid(pid)));
        try {
            UsageCost.Result r = cost.run(on, introspector, mix, wrk, connections, warmUp, duration);
            results.put("usage_cost", r.json());
            double cpuOn = UsageCost.Result.cpuMicrosPerRequest(r.on());
            double cpuOff = UsageCost.Result.cpuMicrosPerRequest(r.off());
            boolean judged = !Double.isNaN(r.cpuCost());
            results.row(what, String.format("server CPU per request %.0f µs on / %.0f µs off (load-independent);"
                                    + " %,.0f req/s on / %,.0f req/s off (%.1f %% fewer with it on)%s", cpuOn, cpuOff,
                            r.on().perSecond(), r.off().perSecond(), 100 * r.throughputCost(),
                            r.off().errors() == 0 ? "" : " (" + r.off().errors() + " errors off)"),
                    TARGET_USAGE + " (judged on CPU per request)",
                    judged ? String.format("%.1f %% of CPU per request", 100 * r.cpuCost()) : "CPU time not readable",
                    judged ? Results.verdict(r.cpuCost() <= 0.10) : "not judged");
        } catch (Exception e) {
            results.notMeasured(what, TARGET_USAGE, e.getMessage());
        }
        return cost.current();
    }

    static Optional<Long> tokenQueryPid(Suite suite) {
        return suite.processes().stream()
                .filter(h -> h.info().commandLine().map(c -> c.contains("token-query-")).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    /** BENCH_ONLY=introspection,usage-cost: the steps to run (empty: all); fails on a name it does not know. */
    private static Set<String> onlySteps() {
        Set<String> only = new LinkedHashSet<>();
        for (String step : env("BENCH_ONLY", "").split(",")) {
            if (!step.isBlank()) {
                if (!STEPS.contains(step.trim())) {
                    throw new IllegalArgumentException("BENCH_ONLY: unknown step '" + step.trim() + "' (steps: "
                            + String.join(",", STEPS) + ")");
                }
                only.add(step.trim());
            }
        }
        return only;
    }

    private static boolean selected(Set<String> only, String step) {
        return only.isEmpty() || only.contains(step);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }
}
