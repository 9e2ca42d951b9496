package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop HTTP load with {@code wrk} (C, event loop: cheaper per request than any JVM client,
 * so the server, not the load tool, is what saturates). Each connection POSTs form bodies taken in
 * turn from a file, with one fixed Authorization header; the Lua {@code done} hook writes the
 * summary (requests, errors, latency percentiles) as JSON.
 */
final class WrkLoad {

    /**
     * One wrk run: requests per second over the run, latency percentiles, errors (non-2xx/3xx and socket),
     * the server's CPU time, and the throughput of each half of the run (requests sent before and after
     * its middle, counted per wrk thread: at most one in-flight request per connection off).
     */
    record Result(long requests, double seconds, double perSecond, double p50Millis, double p90Millis,
                  double p99Millis, double maxMillis, long errors, double serverCpuSeconds, Halves halves,
                  WarmedUp warmedUp) {

        /** For {@link Results#steadiness}: this run as one phase of a step. */
        Results.Phase asPhase(String name, Duration window) {
            return new Results.Phase(name, warmedUp.taken(), window, halves);
        }

        private Result after(WarmedUp warmUp) {
            return new Result(requests, seconds, perSecond, p50Millis, p90Millis, p99Millis, maxMillis, errors,
                    serverCpuSeconds, halves, warmUp);
        }

        /** Requests per second of CPU the server used during the run (NaN when unknown). */
        double perServerCpuSecond() {
            return requests / serverCpuSeconds;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", requests);
            m.put("seconds", seconds);
            m.put("requests_per_s", perSecond);
            m.put("p50_ms", p50Millis);
            m.put("p90_ms", p90Millis);
            m.put("p99_ms", p99Millis);
            m.put("max_ms", maxMillis);
            m.put("errors", errors);
            m.put("server_cpu_seconds", serverCpuSeconds);
            m.put("requests_per_server_cpu_second", perServerCpuSecond());
            m.putAll(halves.json());
            m.put("warm_up_s", warmedUp.taken().toSeconds());
            m.put("warm_up_jit_share_last_slice", warmedUp.compilerShare());
            return m;
        }
    }

    /**
     * The warm-up a run had: how long, how long its last slice was, and the JIT compilers' share of the server's CPU
     * in that slice (NaN: unknown).
     */
    record WarmedUp(Duration taken, Duration lastSlice, double compilerShare) {

        static final WarmedUp NONE = new WarmedUp(Duration.ZERO, Duration.ZERO, Double.NaN);

        /** For the tables: "95 s warm-up, JIT compilers 3.1 % of the server's CPU in its last 10 s". */
        String describe() {
            return Double.isNaN(compilerShare) ? taken.toSeconds() + " s warm-up"
                    : String.format("%d s warm-up, JIT compilers %s of the server's CPU in its last %d s",
                    taken.toSeconds(), ProcessCpu.percent(compilerShare), lastSlice.toSeconds());
        }
    }

    private static final String SCRIPT = """
            -- written by org.tokensuite.infra.bench.WrkLoad
            local bodies = {}
            for line in io.lines(os.getenv("BENCH_BODIES")) do bodies[#bodies + 1] = line end
            local auth = os.getenv("BENCH_AUTH")
            local path = os.getenv("BENCH_PATH")
            local out = os.getenv("BENCH_OUT")
            local half = tonumber(os.getenv("BENCH_HALF_SECONDS"))
            -- A monotonic clock (LuaJIT's FFI; wrk runs LuaJIT) tells each thread when half the window is over.
            local ok, ffi = pcall(require, "ffi")
            local now = nil
            if ok then
              ffi.cdef("typedef struct { long tv_sec; long tv_nsec; } bench_timespec;"
                .. " int clock_gettime(int clock_id, bench_timespec *tp);")
              local ts = ffi.new("bench_timespec")
              now = function()
                ffi.C.clock_gettime(1, ts)
                return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
              end
            end
            local threads = {}
            local i = 0
            local started = 0
            -- Per thread, read back by done(): requests sent in all, and before the window's half (-1: not yet).
            sent = 0
            sent_first_half = -1
            function setup(thread)
              table.insert(threads, thread)
            end
            -- Each thread formats its requests once: formatting per request took a share of the two cores that the
            -- measured server then did not get.
            local prepared = {}
            function init(args)
              for k, body in ipairs(bodies) do
                prepared[k] = wrk.format("POST", path, {["Authorization"] = auth,
                  ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
              end
              i = math.random(1, #prepared)
              if now then started = now() end
            end
            request = function()
              if now and sent_first_half < 0 and now() - started >= half then sent_first_half = sent end
              sent = sent + 1
              i = i % #prepared + 1
              return prepared[i]
            end
            done = function(summary, latency, requests)
              local total, first = 0, 0
              for _, t in ipairs(threads) do
                local s = t:get("sent")
                local f = t:get("sent_first_half")
                if f < 0 then f = s end
                total = total + s
                first = first + f
              end
              if not ok then first = -1 end
              local f = io.open(out, "w")
              f:write(string.format('{"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,'
                .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"sent":%d,"sent_first_half":%d}',
                summary.requests, summary.duration, summary.errors.status,
                summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, total, first))
              f:close()
            end
            """;

    /**
     * wrk runs in a session of its own, as a load tool on another machine would not share the server's: Linux
     * schedules each session as a group (autogroup), and in the benchmark's session wrk's two busy threads were
     * scheduled as if they were threads of the server under test. The same for Keycloak and token-query.
     */
    private static final List<String> OWN_SESSION = Files.isExecutable(Path.of("/usr/bin/setsid"))
            ? List.of("/usr/bin/setsid", "--wait") : List.of();

    /**
     * wrk's threads. One: the measured server and the load tool share two cores, and with two wrk threads three busy
     * threads (token-query answers on one event loop) took turns on them; by hand, alternating 20 s runs, one wrk thread
     * gave token-query p99 4.1-8.2 ms against 6.8-12.8 ms with two, at the same or higher throughput. One thread drives
     * 32 connections at well over the rates measured here, for Keycloak and token-query alike.
     */
    static final int THREADS = 1;

    /** The warm-up goes on in slices of this length until the server's compilers have settled. */
    static final Duration SLICE = Duration.ofSeconds(10);

    private final Path directory;
    private final Duration maxWarmUp;

    /** {@code maxWarmUp}: the longest warm-up, whether or not the server's compilers have settled by then. */
    WrkLoad(Path directory, Duration maxWarmUp) {
        this.directory = directory;
        this.maxWarmUp = maxWarmUp;
    }

    /**
     * Warms the server up, then runs the measured run of {@code duration}, at {@code connections}; {@code serverPid}
     * (or -1) is the server's process, whose CPU time over the measured run is reported. The warm-up follows a
     * {@link WarmUpRule} from at least {@code warmUp} to the longest warm-up (without a process to read, just
     * {@code warmUp}); Keycloak and token-query are warmed up by the same rule.
     */
    Result run(String label, URI target, String path, String authorization, List<String> bodies,
               int connections, Duration warmUp, Duration duration, long serverPid) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path script = directory.resolve("introspect.lua");
        Files.writeString(script, SCRIPT);
        Path bodyFile = directory.resolve(label + "-bodies.txt");
        Files.write(bodyFile, bodies);
        try {
            WarmedUp warmedUp = warmUp(label, target, path, authorization, bodyFile, script, connections, warmUp, serverPid);
            return once(label, target, path, authorization, bodyFile, script, connections, duration, serverPid)
                    .after(warmedUp);
        } finally {
            Files.deleteIfExists(bodyFile); // holds live secrets of a throw-away suite; no reason to keep them
        }
    }

    private WarmedUp warmUp(String label, URI target, String path, String authorization, Path bodies, Path script,
                            int connections, Duration least, long serverPid) throws IOException, InterruptedException {
        List<Long> server = serverPid > 0 ? List.of(serverPid) : List.of();
        WarmUpRule rule = new WarmUpRule(least, server.isEmpty() ? least : maxWarmUp, SLICE);
        Duration taken = Duration.ZERO;
        Duration slice = Duration.ZERO;
        double share = Double.NaN;
        while (rule.goesOn(taken, share)) {
            slice = rule.next(taken);
            ProcessCpu.Reading before = ProcessCpu.Reading.of(server);
            Result w = once(label + "-warmup", target, path, authorization, bodies, script, connections, slice, -1);
            share = ProcessCpu.Reading.of(server).since(before).compilerShare();
            taken = taken.plus(slice);
            System.out.printf("[bench] %s warm-up: %d s, %,.0f req/s (p99 %.2f ms) in the last %d s, JIT compilers %s"
                            + " of its CPU%n", label, taken.toSeconds(), w.perSecond(), w.p99Millis(), slice.toSeconds(),
                    ProcessCpu.percent(share));
        }
        return new WarmedUp(taken, slice, share);
    }

    private Result once(String label, URI target, String path, String authorization, Path bodies, Path script,
                        int connections, Duration duration, long serverPid) throws IOException, InterruptedException {
        Path out = directory.resolve(label + "-wrk.json");
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>(OWN_SESSION);
        command.addAll(List.of("wrk", "-t" + THREADS, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "10s", "-s", script.toString(), target.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(label + "-wrk.txt").toFile());
        builder.environment().put("BENCH_BODIES", bodies.toString());
        builder.environment().put("BENCH_AUTH", authorization);
        builder.environment().put("BENCH_PATH", path);
        builder.environment().put("BENCH_OUT", out.toString());
        builder.environment().put("BENCH_HALF_SECONDS", String.valueOf(duration.toMillis() / 2000.0));
        double cpuBefore = serverPid > 0 ? ProcessCpu.seconds(serverPid) : Double.NaN;
        Process process = builder.start();
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not finish");
        }
        double serverCpu = serverPid > 0 ? ProcessCpu.seconds(serverPid) - cpuBefore : Double.NaN;
        if (process.exitValue() != 0 || !Files.isRegularFile(out)) {
            throw new IllegalStateException("wrk failed (exit " + process.exitValue() + "): "
                    + Files.readString(directory.resolve(label + "-wrk.txt")));
        }
        JsonNode j = Results.JSON.readTree(Files.readString(out));
        double seconds = j.get("duration_us").asLong() / 1e6;
        long requests = j.get("requests").asLong();
        return new Result(requests, seconds, requests / seconds, j.get("p50_us").asLong() / 1000.0,
                j.get("p90_us").asLong() / 1000.0, j.get("p99_us").asLong() / 1000.0, j.get("max_us").asLong() / 1000.0,
                j.get("status_errors").asLong() + j.get("socket_errors").asLong(), serverCpu,
                halves(j.get("sent").asLong(), j.get("sent_first_half").asLong(), seconds, duration), WarmedUp.NONE);
    }

    /** From the requests sent in all and in the first half (-1: the clock was not available to wrk's script). */
    private static Halves halves(long sent, long sentFirstHalf, double seconds, Duration duration) {
        if (sentFirstHalf < 0) {
            return Halves.unknown();
        }
        double half = duration.toMillis() / 2000.0;
        return new Halves(sentFirstHalf / half, (sent - sentFirstHalf) / Math.max(seconds - half, 1e-3));
    }
}
