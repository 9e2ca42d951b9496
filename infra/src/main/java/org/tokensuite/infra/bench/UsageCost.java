package org.tokensuite.infra.bench;

import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What usage tracking costs introspection: token-query is started again with
 * {@code TOKENS_USAGE_ENABLED=false} (no usage tallies, flushes or anomaly detection), the identical
 * wrk measurement is run (same tokens, warm-up, duration), and token-query is started again with
 * its usual environment so that later steps measure the normal setup. Step {@code usage-cost}.
 */
final class UsageCost implements BenchmarkStep {

    /** {@code on}: the normal introspection measurement; {@code off}: the same with usage tracking off. */
    record Result(WrkLoad.Result on, WrkLoad.Result off) {

        /** Throughput lost to usage tracking: (req/s off − req/s on) / req/s off. Depends on the machine's load. */
        double throughputCost() {
            return (off.perSecond() - on.perSecond()) / off.perSecond();
        }

        /** Server CPU per request, µs. */
        static double cpuMicrosPerRequest(WrkLoad.Result r) {
            return r.serverCpuSeconds() * 1e6 / r.requests();
        }

        /**
         * Share of the CPU per request that usage tracking takes: (CPU/req on − CPU/req off) / CPU/req on,
         * which is the throughput a CPU-bound server loses to it, measured independently of the load
         * (NaN when token-query's CPU time could not be read).
         */
        double cpuCost() {
            double on = cpuMicrosPerRequest(this.on);
            return (on - cpuMicrosPerRequest(off)) / on;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("usage_on", on.json());
            m.put("usage_off", off.json());
            m.put("throughput_cost", throughputCost());
            m.put("cpu_us_per_request_on", cpuMicrosPerRequest(on));
            m.put("cpu_us_per_request_off", cpuMicrosPerRequest(off));
            m.put("cpu_cost", cpuCost());
            return m;
        }
    }

    static final String TARGET_USAGE = "≤ 10 %";
    private static final String WHAT = "usage tracking's cost on introspection";

    @Override
    public String name() {
        return "usage-cost";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure(WHAT, TARGET_USAGE);
    }

    /**
     * Right after the introspection it compares with; restarts token-query twice, so the steps after it
     * find token-query running as usual, with the same index.
     */
    @Override
    public void run(BenchmarkContext context) throws Exception {
        Results results = context.results();
        Optional<Suite> suite = context.suite();
        if (suite.isEmpty()) {
            results.notMeasured(WHAT, TARGET_USAGE, "needs the suite the benchmark starts (token-query is restarted"
                    + " with TOKENS_USAGE_ENABLED=false)");
            return;
        }
        if (context.introspection == null) {
            results.notMeasured(WHAT, TARGET_USAGE, "the introspection measurement (usage on) failed");
            return;
        }
        Result r = measure(context, suite.get());
        results.put("usage_cost", r.json());
        double cpuOn = Result.cpuMicrosPerRequest(r.on());
        double cpuOff = Result.cpuMicrosPerRequest(r.off());
        boolean judged = !Double.isNaN(r.cpuCost());
        results.row(WHAT, String.format("server CPU per request %.0f µs on / %.0f µs off (load-independent);"
                                + " %,.0f req/s on / %,.0f req/s off (%.1f %% fewer with it on)%s", cpuOn, cpuOff,
                        r.on().perSecond(), r.off().perSecond(), 100 * r.throughputCost(),
                        r.off().errors() == 0 ? "" : " (" + r.off().errors() + " errors off)"),
                TARGET_USAGE + " (judged on CPU per request)",
                judged ? String.format("%.1f %% of CPU per request", 100 * r.cpuCost()) : "CPU time not readable",
                judged ? Results.verdict(r.cpuCost() <= 0.10) : "not judged");
        results.steadiness("usage-cost", List.of(r.off().asPhase("token-query, usage tracking off",
                context.duration())));
    }

    /** Measures with usage tracking off, then starts token-query with usage tracking on again. */
    private static Result measure(BenchmarkContext context, Suite suite) throws Exception {
        IntrospectionLoad.Mix mix = context.mix;
        WrkLoad.Result off;
        try {
            restart(context, suite, Map.of("TOKENS_USAGE_ENABLED", "false"));
            IntrospectionLoad.awaitIndexed(context.client(), context.introspector(), mix);
            // As long a warm-up as the run with usage tracking on had, which it is compared with.
            Duration warmUp = context.introspection.warmedUp().taken();
            System.out.printf("[bench] token-query introspection, usage tracking OFF: %d connections, %s,"
                    + " %d s measured%n", context.connections(), IntrospectionLoad.warmUpRule(warmUp),
                    context.duration().toSeconds());
            off = IntrospectionLoad.run("token-query-usage-off", context, mix, warmUp);
        } finally {
            restart(context, suite, Map.of());
            IntrospectionLoad.awaitIndexed(context.client(), context.introspector(), mix);
        }
        return new Result(context.introspection, off);
    }

    private static void restart(BenchmarkContext context, Suite suite, Map<String, String> env) {
        System.out.printf("[bench] restarting token-query%s%n", env.isEmpty() ? " with its usual environment" : " with " + env);
        suite.stop(Service.TOKEN_QUERY);
        suite.relaunch(Service.TOKEN_QUERY, env);
        suite.awaitHealthy(Service.TOKEN_QUERY);
        context.tokenQueryRestarted();
    }
}
