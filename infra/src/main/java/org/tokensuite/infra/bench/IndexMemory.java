package org.tokensuite.infra.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.tokensuite.api.secret.TokenSecrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap of token-query's in-memory index with many active tokens: N {@code TokenIssued} events are
 * published straight onto {@code token-events} in token-command's format (Axon's Kafka message
 * converter: JSON payload, {@code axon-*} headers; written by hand here so infra needs no Axon), which
 * is far faster than N HTTP commands. Then, once a marker token on every partition verifies (the index
 * reads each partition in order), heap used after a full GC ({@code jcmd GC.run}, {@code GC.heap_info})
 * is compared with the reading before. Only for a suite the benchmark started (it needs the pid).
 */
final class IndexMemory {

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

    private final SuiteHttp http;
    private final long pid;

    IndexMemory(SuiteHttp http, long pid) {
        this.http = http;
        this.pid = pid;
    }

    Result run(String introspector, int tokens, Duration timeout) throws Exception {
        long before = heapUsedAfterGc();
        long maxHeap = maxHeap();
        TokenSecrets secrets = new TokenSecrets();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> markers = new ArrayList<>();
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, http.endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024))) {
            for (int i = 0; i < tokens; i++) {
                producer.send(record("mem-" + run + "-" + (i % 1000), secrets.generate()));
            }
            // Markers after the bulk on (very likely) every partition; when all verify, all before them are loaded.
            Set<Integer> partitions = new HashSet<>();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int k = 0; k < 32; k++) {
                String secret = secrets.generate();
                markers.add(secret);
                sent.add(producer.send(record("mem-" + run + "-" + k, secret)));
            }
            for (Future<RecordMetadata> f : sent) {
                partitions.add(f.get(60, TimeUnit.SECONDS).partition());
            }
            System.out.printf("[bench] published %d TokenIssued events (markers on partitions %s)%n", tokens, partitions);
        }
        boolean loaded = awaitMarkers(introspector, markers, started + timeout.toNanos());
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = heapUsedAfterGc();
        return new Result(tokens, loaded, before, after, maxHeap, seconds);
    }

    private boolean awaitMarkers(String introspector, List<String> markers, long deadline) throws InterruptedException {
        List<String> pending = new ArrayList<>(markers);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                throw new IllegalStateException("token-query exited while loading (out of heap?)");
            }
            pending.removeIf(m -> {
                try {
                    return http.active(introspector, m);
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

    private ProducerRecord<String, byte[]> record(String owner, String secret) {
        String tokenId = "tok_" + UUID.randomUUID().toString().replace("-", "");
        String now = Instant.now().toString();
        String json = "{\"tokenId\":\"" + tokenId + "\",\"ownerId\":\"" + owner + "\",\"actor\":{\"id\":\"system:bench\","
                + "\"ownerId\":\"system\"},\"cause\":{\"reason\":\"benchmark\"},\"occurredAt\":\"" + now + "\","
                + "\"name\":\"bench\",\"scopes\":[\"billing:read\",\"billing:write\"],\"secretHash\":\""
                + TokenSecrets.hash(secret).value() + "\",\"hint\":\"" + TokenSecrets.hint(secret) + "\","
                + "\"notBefore\":null,\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\","
                + "\"allowedCidrs\":[],\"rotation\":null}";
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("token-events", owner,
                json.getBytes(StandardCharsets.UTF_8));
        header(record, "axon-message-id", UUID.randomUUID().toString());
        header(record, "axon-message-type", "org.tokensuite.api.event.TokenIssued");
        header(record, "axon-message-revision", "1");
        record.headers().add("axon-message-timestamp", ByteBuffer.allocate(8).putLong(System.currentTimeMillis()).array());
        header(record, "axon-message-aggregate-id", tokenId);
        record.headers().add("axon-message-aggregate-seq", ByteBuffer.allocate(8).putLong(0L).array());
        header(record, "axon-message-aggregate-type", "Token");
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
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
