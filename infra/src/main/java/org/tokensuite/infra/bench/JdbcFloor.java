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
 * Step {@code jdbc-floor}, the database references, in a scratch database dropped afterwards, each
 * thread with its own connection:
 * <ul>
 * <li>a primary-key lookup of a SHA-256 hex hash (100k rows), 1 thread and 32 threads: what a
 * database-backed introspection would pay per call before any HTTP;</li>
 * <li>the <b>commit floor</b>: a single-row INSERT + COMMIT (autocommit) into a scratch table, from 1
 * thread and from {@code BENCH_CLIENTS} threads, the command step's concurrency: what a command that
 * stores one row per answer could reach at most on this PostgreSQL.</li>
 * </ul>
 * Each phase has its own warm-up ({@code BENCH_WARMUP_SECONDS}, as the wrk runs) and a window of half
 * {@code BENCH_DURATION_SECONDS}.
 */
final class JdbcFloor implements BenchmarkStep {

    private static final int ROWS = 100_000;

    private final Databases databases;
    private final String database = "bench_floor_" + UUID.randomUUID().toString().substring(0, 8);
    private String[] keys;

    JdbcFloor(Databases databases) {
        this.databases = databases;
    }

    @Override
    public String name() {
        return "jdbc-floor";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure("PostgreSQL references over JDBC (PK lookup, single-row INSERT + COMMIT)", "–");
    }

    /** Leaves the lookups for the introspection step's row and the commit floor for the command step's ratio. */
    @Override
    public void run(BenchmarkContext context) throws Exception {
        Duration duration = context.duration().dividedBy(2);
        Duration warmUp = context.warmUp();
        int clients = CommandThroughput.clients();
        System.out.printf("[bench] JDBC references: PK lookup (1 and 32 threads), INSERT + COMMIT (1 and %d threads);"
                + " %d s warm-up and %d s measured each%n", clients, warmUp.toSeconds(), duration.toSeconds());
        List<Window> phases = new ArrayList<>();
        databases.createIfMissing(database);
        try {
            prepare();
            Map<String, Window> lookups = new LinkedHashMap<>();
            lookups.put("1 thread", measure("PK lookup, 1 thread", 1, warmUp, duration, this::lookup));
            lookups.put("32 threads", measure("PK lookup, 32 threads", 32, warmUp, duration, this::lookup));
            context.floor = lookups;
            phases.addAll(lookups.values());
            Window commitOne = measure("INSERT + COMMIT, 1 thread", 1, warmUp, duration, this::insert);
            phases.add(commitOne);
            Window commitMany = measure("INSERT + COMMIT, " + clients + " threads", clients, warmUp, duration, this::insert);
            phases.add(commitMany);
            context.commitFloor = commitMany;
            Map<String, Object> json = new LinkedHashMap<>();
            lookups.forEach((k, v) -> json.put(k, v.json()));
            context.results().put("jdbc_pk_lookup", json);
            context.results().put("commit_floor", Map.of("1 thread", commitOne.json(), clients + " threads", commitMany.json()));
            context.results().row("reference: commit floor, PostgreSQL single-row INSERT + COMMIT over JDBC (autocommit)",
                    String.format("%d threads: %,.0f/s (p50 %.2f ms, p99 %.2f ms); 1 thread: %,.0f/s (p50 %.2f ms)",
                            clients, commitMany.perSecond(), commitMany.latencies().p50Millis(),
                            commitMany.latencies().p99Millis(), commitOne.perSecond(), commitOne.latencies().p50Millis()),
                    "–", "the issue commands' ratio row compares with the " + clients + "-thread figure", "");
        } finally {
            databases.drop(database);
            context.results().steadiness("jdbc-floor", phases.stream().map(Window::asPhase).toList());
        }
    }

    private void prepare() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table token_hash (hash char(64) primary key, token_id text not null)");
            s.execute("insert into token_hash select encode(sha256(i::text::bytea), 'hex'), 'tok_' || i "
                    + "from generate_series(1, " + ROWS + ") i");
            s.execute("analyze token_hash");
            keys = keys(c);
            // The scratch table of the commit floor: a key the database generates and a row about an event's size.
            s.execute("create table commit_floor (id bigserial primary key, token_id text not null, payload text not null)");
        }
    }

    /** A warm-up (JIT, plan cache, buffer cache, WAL), then the measured window. */
    private static Window measure(String phase, int threads, Duration warmUp, Duration duration,
                                  ClosedLoop.Sessions sessions) throws Exception {
        if (!warmUp.isZero()) {
            ClosedLoop.run(phase + " warm-up", threads, warmUp, sessions);
        }
        return ClosedLoop.run(phase, threads, duration, sessions).after(warmUp);
    }

    /** One connection looking up random stored hashes. */
    private ClosedLoop.Session lookup(int thread) throws SQLException {
        Connection c = connect();
        PreparedStatement lookup = c.prepareStatement("select token_id from token_hash where hash = ?");
        return new ClosedLoop.Session() {
            @Override
            public boolean call(int iteration) throws SQLException {
                lookup.setString(1, keys[ThreadLocalRandom.current().nextInt(keys.length)]);
                try (ResultSet rs = lookup.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("a known hash was not found");
                    }
                }
                return true;
            }

            @Override
            public void close() throws SQLException {
                c.close();
            }
        };
    }

    /** One connection, autocommit: each call is one INSERT of one row and its COMMIT. */
    private ClosedLoop.Session insert(int thread) throws SQLException {
        Connection c = connect();
        c.setAutoCommit(true);
        PreparedStatement insert = c.prepareStatement("insert into commit_floor (token_id, payload) values (?, ?)");
        String payload = "{\"ownerId\":\"bench-floor-" + thread + "\",\"name\":\"bench\",\"scopes\":[\"billing:read\","
                + "\"billing:write\"],\"expiresAt\":\"2026-12-02T00:00:00Z\"}";
        return new ClosedLoop.Session() {
            @Override
            public boolean call(int iteration) throws SQLException {
                insert.setString(1, "tok_" + thread + "_" + iteration);
                insert.setString(2, payload);
                if (insert.executeUpdate() != 1) {
                    throw new IllegalStateException("an insert stored no row");
                }
                return true;
            }

            @Override
            public void close() throws SQLException {
                c.close();
            }
        };
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
