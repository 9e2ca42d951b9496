package org.tokensuite.infra.bench;

import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What usage tracking costs introspection: token-query is started again with
 * {@code TOKENS_USAGE_ENABLED=false} (no usage tallies, flushes or anomaly detection), the identical
 * wrk measurement is run (same tokens, warm-up, duration), and token-query is started again with
 * its usual environment so that later steps measure the normal setup.
 */
final class UsageCost {

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

    private final Suite suite;
    private final Function<Optional<Long>, SuiteHttp> httpForPid;
    private SuiteHttp current;

    /** {@code httpForPid} gives the suite's endpoints with token-query's pid after a restart. */
    UsageCost(Suite suite, SuiteHttp current, Function<Optional<Long>, SuiteHttp> httpForPid) {
        this.suite = suite;
        this.current = current;
        this.httpForPid = httpForPid;
    }

    /** The HTTP view of token-query as it runs now (its pid changes with each restart), for the steps that follow. */
    SuiteHttp current() {
        return current;
    }

    /** Measures with usage tracking off, then starts token-query with usage tracking on again. */
    Result run(WrkLoad.Result on, String introspector, IntrospectionLoad.Mix mix, WrkLoad wrk, int connections,
               Duration warmUp, Duration duration) throws Exception {
        WrkLoad.Result off;
        try {
            SuiteHttp http = restart(Map.of("TOKENS_USAGE_ENABLED", "false"));
            IntrospectionLoad load = new IntrospectionLoad(http);
            load.awaitIndexed(introspector, mix);
            System.out.printf("[bench] token-query introspection, usage tracking OFF: %d connections, %d s warm-up,"
                    + " %d s measured%n", connections, warmUp.toSeconds(), duration.toSeconds());
            off = load.run("token-query-usage-off", introspector, mix, wrk, connections, warmUp, duration);
        } finally {
            new IntrospectionLoad(restart(Map.of())).awaitIndexed(introspector, mix);
        }
        return new Result(on, off);
    }

    private SuiteHttp restart(Map<String, String> env) {
        System.out.printf("[bench] restarting token-query%s%n", env.isEmpty() ? " with its usual environment" : " with " + env);
        suite.stop(Service.TOKEN_QUERY);
        suite.relaunch(Service.TOKEN_QUERY, env);
        suite.awaitHealthy(Service.TOKEN_QUERY);
        current = httpForPid.apply(Benchmark.tokenQueryPid(suite));
        return current;
    }
}
