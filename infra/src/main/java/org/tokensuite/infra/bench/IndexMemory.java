package org.tokensuite.infra.bench;


import org.tokensuite.infra.client.SuiteClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step {@code memory} (last: it floods the topic, and the projectors are busy for minutes after): heap
 * of token-query's in-memory index with many active tokens: N {@code TokenIssued} events are published
 * straight onto {@code token-events} in token-command's format (Axon's Kafka message converter: JSON
 * payload, {@code axon-*} headers; written by hand here so infra needs no Axon), which is far faster
 * than N HTTP commands ({@link TokenEventPublisher}). Then, once a marker token on every partition
 * verifies (the index reads each partition in order), heap used after a full GC ({@code jcmd GC.run},
 * {@code GC.heap_info}) is compared with the reading before. Only for a suite the benchmark started
 * (it needs the pid).
 */
final class IndexMemory implements BenchmarkStep {

    record Result(int tokens, boolean loaded, long heapBeforeBytes, long heapAfterBytes, long maxHeapBytes,
                  double seconds) {
        double bytesPerToken() {
            return (heapAfterBytes - heapBeforeBytes) / (double) tokens;
        }

        /** Heap used with a million tokens, extrapolated linearly from this run. */
        double projectedMillionBytes() {
            return heapBeforeBytes + bytesPerToken() * 1_000_000;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tokens_published", tokens);
            m.put("all_loaded", loaded);
            m.put("heap_used_before_bytes", heapBeforeBytes);
            m.put("heap_used_after_bytes", heapAfterBytes);
            m.put("max_heap_bytes", maxHeapBytes);
            m.put("bytes_per_token", bytesPerToken());
            m.put("projected_heap_for_1M_bytes", projectedMillionBytes());
            m.put("index_load_seconds", seconds);
            return m;
        }
    }

    private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern MAX = Pattern.compile("MaxHeapSize\\s*=\\s*(\\d+)");

    private static final String WHAT = "active tokens held by one token-query";
    private static final String TARGET = "1 M within 512 MB heap";

    private long pid;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure(WHAT, TARGET);
    }

    @Override
    public void skipped(BenchmarkContext context) {
        System.out.println("[bench] index memory: skipped (BENCH_ONLY)");
    }

    @Override
    public void run(BenchmarkContext context) throws Exception {
        int tokens = Benchmark.intEnv("BENCH_MEMORY_TOKENS", 1_000_000);
        Results results = context.results();
        if (context.endpoints().tokenQueryPid().isEmpty()) {
            results.notMeasured(WHAT, TARGET, "needs the suite the benchmark starts (token-query's pid for jcmd)");
            return;
        }
        if (tokens <= 0) {
            results.notMeasured(WHAT, TARGET, "BENCH_MEMORY_TOKENS=0");
            return;
        }
        System.out.printf("[bench] index memory: %,d tokens published onto token-events%n", tokens);
        pid = context.endpoints().tokenQueryPid().get();
        Result r = run(context, tokens, Duration.ofMinutes(Benchmark.intEnv("BENCH_MEMORY_MINUTES", 6)));
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
        results.row(WHAT + " (-Xmx512m)", measured, TARGET,
                String.format("%.0f%% of 512 MB", 100 * (r.tokens() >= 1_000_000 ? r.heapAfterBytes() : projected) / (512 * mb)),
                r.loaded() ? Results.verdict(met) : "MISSED (not loaded in time)");
    }

    private Result run(BenchmarkContext context, int tokens, Duration timeout) throws Exception {
        SuiteClient introspecting = context.client().as(context.introspector());
        long before = heapUsedAfterGc();
        long maxHeap = maxHeap();
        long started = System.nanoTime();
        List<String> markers = new TokenEventPublisher(context.endpoints().kafka())
                .publish("mem-" + UUID.randomUUID().toString().substring(0, 8) + "-", tokens).stream()
                .map(TokenEventPublisher.Marker::secret).toList();
        boolean loaded = awaitMarkers(introspecting, markers, started + timeout.toNanos());
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = heapUsedAfterGc();
        return new Result(tokens, loaded, before, after, maxHeap, seconds);
    }

    private boolean awaitMarkers(SuiteClient introspecting, List<String> markers, long deadline) throws InterruptedException {
        List<String> pending = new ArrayList<>(markers);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                throw new IllegalStateException("token-query exited while loading (out of heap?)");
            }
            pending.removeIf(m -> {
                try {
                    return introspecting.active(m);
                } catch (RuntimeException e) {
                    return false; // 503 while the index is behind the topic: fail closed, as designed
                }
            });
            if (pending.isEmpty()) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap reading from jcmd GC.heap_info");
        }
        return Long.parseLong(m.group(2)) * 1024;
    }

    private long maxHeap() throws IOException, InterruptedException {
        Matcher m = MAX.matcher(jcmd("VM.flags", "-all"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        String java = ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("java");
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        List<String> args = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
