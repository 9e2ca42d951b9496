package org.tokensuite.infra.bench;

import org.tokensuite.infra.Databases;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Step {@code jdbc-floor}, a reference: a bare primary-key lookup of a SHA-256 hex hash over JDBC on the local
 * PostgreSQL (a fresh database, 100k rows), single-threaded and from 32 threads with one
 * connection each. What a database-backed introspection would pay per call before any HTTP.
 */
final class JdbcFloor implements BenchmarkStep {

    record Result(Latencies latencies, double perSecond) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>(latencies.json());
            m.put("lookups_per_s", perSecond);
            return m;
        }
    }

    private static final int ROWS = 100_000;

    private final Databases databases;
    private final String database = "bench_floor_" + UUID.randomUUID().toString().substring(0, 8);

    JdbcFloor(Databases databases) {
        this.databases = databases;
    }

    @Override
    public String name() {
        return "jdbc-floor";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure("PostgreSQL PK lookup over JDBC (reference)", "–");
    }

    /** Leaves the figures for the introspection step's comparison row. */
    @Override
    public void run(BenchmarkContext context) throws Exception {
        Duration duration = context.duration().dividedBy(2);
        System.out.printf("[bench] JDBC primary-key lookup reference (%d s per run)%n", duration.toSeconds());
        Map<String, Result> floor = run(duration);
        Map<String, Object> json = new LinkedHashMap<>();
        floor.forEach((k, v) -> json.put(k, v.json()));
        context.results().put("jdbc_pk_lookup", json);
        context.floor = floor;
    }

    private Map<String, Result> run(Duration duration) throws Exception {
        databases.createIfMissing(database);
        try {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("create table token_hash (hash char(64) primary key, token_id text not null)");
                s.execute("insert into token_hash select encode(sha256(i::text::bytea), 'hex'), 'tok_' || i "
                        + "from generate_series(1, " + ROWS + ") i");
                s.execute("analyze token_hash");
            }
            Map<String, Result> results = new LinkedHashMap<>();
            measure(1, Duration.ofSeconds(3)); // warm-up: JIT, plan cache, buffer cache
            results.put("1 thread", measure(1, duration));
            results.put("32 threads", measure(32, duration));
            return results;
        } finally {
            databases.drop(database);
        }
    }

    private Result measure(int threads, Duration duration) throws Exception {
        List<Samples> all = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        String[] keys;
        try (Connection c = connect()) {
            keys = keys(c);
        }
        long end = System.nanoTime() + duration.toNanos();
        for (int t = 0; t < threads; t++) {
            Samples samples = new Samples();
            all.add(samples);
            Thread worker = new Thread(() -> {
                try (Connection c = connect();
                     PreparedStatement lookup = c.prepareStatement("select token_id from token_hash where hash = ?")) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        lookup.setString(1, keys[random.nextInt(keys.length)]);
                        try (ResultSet rs = lookup.executeQuery()) {
                            if (!rs.next()) {
                                throw new IllegalStateException("a known hash was not found");
                            }
                        }
                        samples.add(System.nanoTime() - start);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "jdbc-floor-" + t);
            workers.add(worker);
        }
        long started = System.nanoTime();
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("JDBC lookup failed: " + failures.get(0), failures.get(0));
        }
        long[] merged = Samples.merge(all);
        return new Result(Latencies.of(merged), merged.length / seconds);
    }

    /** 10k of the stored hashes, fetched before timing starts. */
    private static String[] keys(Connection c) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select hash from token_hash order by random() limit 10000")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys.toArray(String[]::new);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(databases.urlOf(database), databases.user(), databases.password());
    }
}
