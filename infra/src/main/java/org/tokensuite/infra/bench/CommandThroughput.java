package org.tokensuite.infra.bench;

import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;
import org.tokensuite.infra.client.SuiteClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Step {@code commands}: commands per second, sustained: {@code BENCH_CLIENTS} threads each send
 * commands back to back (each answer awaited: 201 with the secret means stored in the event store).
 * First a warm-up in which each client issues, rotates and revokes tokens in turn (every command path
 * JIT-compiled, pools and caches filled): at least {@code BENCH_COMMAND_WARMUP_SECONDS}, then on in slices of
 * {@link #SLICE} until token-command's JIT compilers used at most {@link #JIT_SETTLED} of its CPU in the last slice
 * (at most {@code BENCH_COMMAND_WARMUP_MAX_SECONDS}): on two busy cores they get little CPU and keep compiling for
 * minutes, and a window taken before that measures the compilers, not the command path. Then three measured
 * windows: issue for {@code BENCH_COMMAND_SECONDS}, then rotate the tokens issued, then revoke them (each
 * token once; topped up beforehand so the window does not run out), for two thirds of that each. Around each window the CPU time of token-command's
 * processes (every instance) and of token-query is read ({@link ProcessCpu}), giving CPU per command;
 * the issue rate is also compared with the commit floor the {@code jdbc-floor} step measured at the same
 * concurrency.
 */
final class CommandThroughput implements BenchmarkStep {

    static final String TARGET_RATE = "≥ 1,500/s";
    static final String TARGET_FLOOR = "≥ 0.3× the commit floor";
    static final double FLOOR_RATIO = 0.3;
    static final String TARGET_CPU = "≤ 1 ms";
    static final double CPU_MILLIS = 1.0;
    /** The warm-up ends once token-command's compiler threads used at most this share of its CPU in a slice. */
    static final double JIT_SETTLED = ProcessCpu.COMPILERS_SETTLED;
    static final Duration SLICE = Duration.ofSeconds(15);
    /** PostgreSQL's default autovacuum_naptime: how often autovacuum would look at the growing tables. */
    static final Duration AUTOVACUUM_NAPTIME = Duration.ofMinutes(1);

    /**
     * A measured window, the CPU token-command used in it (and its JIT compilers of that), the CPU seconds of
     * token-query (NaN when unknown) and the CPU per command of each part of the machine, largest first (empty when
     * the suite's processes are not known here).
     */
    record Measured(String command, Window window, ProcessCpu.Reading commandCpu, double queryCpuSeconds,
                    Map<String, Double> machineCpuMillis, double commitsPerCommand, double commandsPerSharedCommit,
                    double sharedShare) {

        double commandCpuSeconds() {
            return commandCpu.total();
        }

        double commandCpuMillisPerCommand() {
            return commandCpuSeconds() * 1000 / window.count();
        }

        double queryCpuMillisPerCommand() {
            return queryCpuSeconds * 1000 / window.count();
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>(window.json());
            m.put("token_command_cpu_s", commandCpuSeconds());
            m.put("token_command_cpu_ms_per_command", commandCpuMillisPerCommand());
            m.put("token_command_jit_cpu_s", commandCpu.compilers());
            m.put("token_query_cpu_s", queryCpuSeconds);
            m.put("token_query_cpu_ms_per_command", queryCpuMillisPerCommand());
            m.put("cpu_ms_per_command_by_part", machineCpuMillis);
            m.put("token_command_db_commits_per_command", commitsPerCommand);
            m.put("token_command_commands_per_shared_commit", commandsPerSharedCommit);
            m.put("token_command_share_committed_together", sharedShare);
            return m;
        }
    }

    private final List<Measured> measured = new ArrayList<>();
    private int toppedUp;
    private SuiteClient admin;
    private int clients;
    /** The warm-up actually taken, and the compilers' share of token-command's CPU in its last slice (NaN: unknown). */
    private Duration warmedUp = Duration.ZERO;
    private double jitShareAtStart = Double.NaN;

    /** The command step's concurrency, BENCH_CLIENTS (the commit floor is measured at the same). */
    static int clients() {
        return Benchmark.intEnv("BENCH_CLIENTS", 32);
    }

    /** The shortest warm-up, BENCH_COMMAND_WARMUP_SECONDS. */
    static Duration warmUp() {
        return Duration.ofSeconds(Benchmark.intEnv("BENCH_COMMAND_WARMUP_SECONDS", 60));
    }

    /** The longest warm-up, BENCH_COMMAND_WARMUP_MAX_SECONDS, whether or not the compilers have settled by then. */
    static Duration maxWarmUp() {
        return Duration.ofSeconds(Math.max(warmUp().toSeconds(), Benchmark.intEnv("BENCH_COMMAND_WARMUP_MAX_SECONDS", 480)));
    }

    static Duration issueWindow() {
        return Duration.ofSeconds(Benchmark.intEnv("BENCH_COMMAND_SECONDS", 15));
    }

    @Override
    public String name() {
        return "commands";
    }

    /** Issue when nothing was measured, else what came after the phases that were. */
    @Override
    public Figure figure(BenchmarkContext context) {
        return measured.isEmpty() ? new Figure("issue commands, sustained", TARGET_RATE)
                : new Figure("rotate/revoke commands", "–");
    }

    /** The rows of the phases that completed are reported even when a later one fails. */
    @Override
    public void run(BenchmarkContext context) throws Exception {
        admin = context.client();
        clients = clients();
        Duration warmUp = warmUp();
        Duration issueFor = issueWindow();
        Duration laterFor = issueFor.multipliedBy(2).dividedBy(3);
        System.out.printf("[bench] commands: %d clients, warm-up (issue, rotate, revoke in turn) of %d s and on until"
                        + " token-command's JIT compilers use at most %.0f %% of its CPU (at most %d s), then issue %d s,"
                        + " rotate and revoke %d s each%n", clients, warmUp.toSeconds(), 100 * JIT_SETTLED,
                maxWarmUp().toSeconds(), issueFor.toSeconds(), laterFor.toSeconds());
        try {
            run(context, warmUp, issueFor, laterFor);
        } finally {
            report(context);
        }
        // Minutes of commands grew every table by a hundred thousand rows or more: the later steps' queries are
        // planned as a deployment's autovacuum would have them by now.
        PlannerStatistics.refreshWhereAutovacuumIsOff(context);
    }

    private void run(BenchmarkContext context, Duration warmUp, Duration issueFor, Duration laterFor) throws Exception {
        List<List<String>> issued = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            issued.add(new ArrayList<>());
        }
        if (!warmUp.isZero()) {
            warmUp(context, warmUp);
        }
        Queue<String> unrevoked = new ConcurrentLinkedQueue<>();
        measured.add(measure(context, "issue", issueFor, over(context, (calls, client, i) -> {
            String tokenId = issue(calls, "bench-cmd-" + client + "-" + (i % 20));
            issued.get(client).add(tokenId);
            unrevoked.add(tokenId);
            return true;
        })));
        Measured rotate = measure(context, "rotate", laterFor, over(context, (calls, client, i) -> {
            List<String> mine = issued.get(client);
            calls.rotate(mine.get(i % mine.size()));
            return true;
        }));
        measured.add(rotate);
        topUp(unrevoked, rotate.window().perSecond(), laterFor);
        if (toppedUp > 0) {
            // Thousands of tokens issued at once leave the views, the audit log and the publisher busy for seconds:
            // measured on top of that, the revoke window ran at half the rate and cost a fifth more CPU per command.
            Quiescence.await(context, Duration.ZERO, "commands (the revoke window's tokens)");
        }
        // Each token revoked once (a repeated revoke would be a no-op), taken from one shared supply; a client
        // that finds it empty stops, and the row says so.
        measured.add(measure(context, "revoke", laterFor, over(context, (calls, client, i) -> {
            String tokenId = unrevoked.poll();
            if (tokenId == null) {
                return false;
            }
            calls.revoke(tokenId, "benchmark");
            return true;
        })));
    }

    /**
     * Issue, rotate and revoke in turn, in slices, for at least {@code least}; then on while token-command's compilers
     * took more than {@link #JIT_SETTLED} of its CPU in the last slice, up to {@link #maxWarmUp()}. Without its pids
     * (a suite started elsewhere) only the shortest warm-up.
     */
    private void warmUp(BenchmarkContext context, Duration least) throws InterruptedException {
        List<Long> pids = context.endpoints().tokenCommandPids();
        WarmUpRule rule = new WarmUpRule(least, pids.isEmpty() ? least : maxWarmUp(), SLICE);
        long commands = 0;
        Duration taken = Duration.ZERO;
        double share = Double.NaN;
        String[] last = new String[clients];
        ClosedLoop.Sessions inTurn = over(context, (calls, client, i) -> {
            switch (i % 3) {
                case 0 -> last[client] = issue(calls, "bench-warm-" + client);
                case 1 -> calls.rotate(last[client]);
                default -> calls.revoke(last[client], "benchmark warm-up");
            }
            return true;
        });
        Duration analysed = Duration.ZERO;
        while (rule.goesOn(taken, share)) {
            ProcessCpu.Reading before = ProcessCpu.Reading.of(pids);
            Duration slice = rule.next(taken);
            Window w = ClosedLoop.run("commands warm-up", clients, slice, inTurn);
            share = ProcessCpu.Reading.of(pids).since(before).compilerShare();
            commands += w.count();
            taken = taken.plus(slice);
            if (taken.minus(analysed).compareTo(AUTOVACUUM_NAPTIME) >= 0) {
                // The tables grow from nothing here: where autovacuum is off, its analyses (about one a minute
                // while a table keeps growing) are done between slices, as a deployment's server would.
                PlannerStatistics.refreshWhereAutovacuumIsOff(context);
                analysed = taken;
            }
            System.out.printf("[bench] commands warm-up: %d s, %,.0f/s in the last %d s, JIT compilers %s of"
                    + " token-command's CPU%n", taken.toSeconds(), w.perSecond(), slice.toSeconds(), ProcessCpu.percent(share));
        }
        warmedUp = taken;
        jitShareAtStart = share;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seconds", taken.toSeconds());
        json.put("commands", commands);
        json.put("jit_share_last_slice", share);
        context.results().put("commands_warm_up", json);
    }


    /**
     * Revoking can be faster than issuing: so that the revoke window does not run out of tokens, the supply
     * is topped up (untimed, before the window) to twice what the window would revoke at the rotate rate.
     */
    private void topUp(Queue<String> unrevoked, double perSecond, Duration window) throws Exception {
        long wanted = (long) Math.ceil(2 * perSecond * window.toMillis() / 1000.0);
        int missing = (int) Math.max(0, wanted - unrevoked.size());
        if (missing > 0) {
            System.out.printf("[bench] commands: %,d more tokens issued (untimed) for the revoke window%n", missing);
            new TokenSupply(admin).issue(missing, i -> "bench-cmd-stock-" + (i % 20), TokenSupply.SCOPES)
                    .forEach(t -> unrevoked.add(t.tokenId()));
        }
        toppedUp = missing;
    }

    private static String issue(CommandCalls calls, String ownerId) throws IOException {
        return calls.issue(ownerId, TokenSupply.SCOPES, "P1D");
    }

    /** What one client does in its iteration {@code i}, over its own connection; false when it has nothing left to do. */
    private interface Call {
        boolean call(CommandCalls calls, int client, int i) throws Exception;
    }

    /** Sessions that each send their commands over {@link CommandCalls} of their own to the first token-command instance. */
    private static ClosedLoop.Sessions over(BenchmarkContext context, Call body) {
        URI tokenCommand = context.endpoints().command();
        String credential = context.endpoints().adminToken();
        return client -> {
            CommandCalls calls = CommandCalls.to(tokenCommand, credential);
            return new ClosedLoop.Session() {
                @Override
                public boolean call(int iteration) throws Exception {
                    return body.call(calls, client, iteration);
                }

                @Override
                public void close() throws Exception {
                    calls.close();
                }
            };
        };
    }

    private Measured measure(BenchmarkContext context, String command, Duration length, ClosedLoop.Sessions sessions)
            throws InterruptedException {
        List<Long> commandPids = context.endpoints().tokenCommandPids();
        List<Long> queryPids = context.endpoints().tokenQueryPid().map(List::of).orElse(List.of());
        List<ProcessHandle> suite = context.suite().map(Suite::processes).orElse(List.of());
        ProcessCpu.Reading commandBefore = ProcessCpu.Reading.of(commandPids);
        double queryBefore = ProcessCpu.total(queryPids);
        SuiteCpu.Reading partsBefore = SuiteCpu.read(suite);
        long commitsBefore = commandDatabaseCommits(context);
        SharedCommits.Reading sharedBefore = sharedCommits(context);
        Window window = ClosedLoop.run(command, clients, length, sessions).after(warmedUp);
        SuiteCpu.Reading partsAfter = SuiteCpu.read(suite);
        long commitsAfter = commandDatabaseCommits(context);
        SharedCommits.Reading sharedAfter = sharedCommits(context);
        return new Measured(command, window, ProcessCpu.Reading.of(commandPids).since(commandBefore),
                ProcessCpu.total(queryPids) - queryBefore,
                suite.isEmpty() || window.count() == 0 ? Map.of() : partsAfter.perCommand(partsBefore, window.count()),
                commitsBefore < 0 || commitsAfter < 0 || window.count() == 0 ? Double.NaN
                        : (double) (commitsAfter - commitsBefore) / window.count(),
                sharedAfter.commandsPerCommitSince(sharedBefore),
                window.count() == 0 ? Double.NaN : sharedAfter.commandsSince(sharedBefore) / window.count());
    }

    /** token-command's shared commits so far (the instance the clients send to). */
    private SharedCommits.Reading sharedCommits(BenchmarkContext context) {
        return SharedCommits.read(admin, context.endpoints().command(), context.endpoints().adminToken());
    }

    /** Transactions committed so far in token-command's database; -1 when the suite was not started here. */
    private static long commandDatabaseCommits(BenchmarkContext context) {
        return context.suite().map(suite -> suite.databases().commits(suite.databaseName(Service.TOKEN_COMMAND)))
                .orElse(-1L);
    }

    private void report(BenchmarkContext context) {
        Results results = context.results();
        Map<String, Object> json = new LinkedHashMap<>();
        for (Measured m : measured) {
            json.put(m.command(), m.json());
            Window w = m.window();
            boolean issue = m.command().equals("issue");
            String early = w.threadsDoneEarly() == 0 ? "" : ", " + w.threadsDoneEarly() + " clients ran out of tokens";
            if (m.command().equals("revoke") && toppedUp > 0) {
                early += String.format(", %,d tokens issued untimed before it", toppedUp);
            }
            results.row(m.command() + " commands, sustained, " + clients + " clients",
                    String.format("%,.0f/s (p50 %.1f ms, p99 %.1f ms; %,d in %.1f s after %d s warm-up%s%s)",
                            w.perSecond(), w.latencies().p50Millis(), w.latencies().p99Millis(), w.count(), w.seconds(),
                            warmedUp.toSeconds(), Double.isNaN(jitShareAtStart) ? ""
                                    : ", JIT compilers " + ProcessCpu.percent(jitShareAtStart) + " of its last slice", early),
                    issue ? TARGET_RATE : "–", issue ? String.format("%.2f× target", w.perSecond() / 1500) : "",
                    issue ? Results.verdict(w.perSecond() >= 1500) : "");
            if (issue) {
                floorRow(context, w);
            }
        }
        cpuRows(context);
        results.put("commands", json);
        results.steadiness("commands", measured.stream().map(m -> m.window().asPhase()).toList());
    }

    /** Issue commands ÷ the commit floor at the same concurrency (a single-row INSERT + COMMIT per call). */
    private void floorRow(BenchmarkContext context, Window issue) {
        String what = "issue commands ÷ commit floor (" + clients + " clients / " + clients + " connections)";
        Window floor = context.commitFloor;
        if (floor == null) {
            context.results().notMeasured(what, TARGET_FLOOR, "the commit floor was not taken (the jdbc-floor step did"
                    + " not run or failed; run it in the same benchmark, e.g. BENCH_ONLY=jdbc-floor,commands)");
            return;
        }
        double ratio = issue.perSecond() / floor.perSecond();
        context.results().put("issue_over_commit_floor", ratio);
        context.results().row(what, String.format("%,.0f/s ÷ %,.0f/s", issue.perSecond(), floor.perSecond()),
                TARGET_FLOOR, String.format(ratio < 0.1 ? "%.3f×" : "%.2f×", ratio), Results.verdict(ratio >= FLOOR_RATIO));
    }

    /** token-command's CPU per command (judged) and token-query's (information). */
    private void cpuRows(BenchmarkContext context) {
        Results results = context.results();
        for (Measured m : measured) {
            String what = "token-command CPU per " + m.command() + " command";
            String target = m.command().equals("issue") ? TARGET_CPU : TARGET_CPU + " (same range as issue)";
            if (context.endpoints().tokenCommandPids().isEmpty()) {
                results.notMeasured(what, target, Endpoints.NO_PIDS);
                continue;
            }
            double ms = m.commandCpuMillisPerCommand();
            if (Double.isNaN(ms)) {
                results.notMeasured(what, target, "token-command's CPU time could not be read from /proc");
                continue;
            }
            int instances = context.endpoints().tokenCommandPids().size();
            results.row(what, String.format("%.2f ms (%.1f CPU-s / %,d commands%s; JIT compilers %s of it)", ms,
                            m.commandCpuSeconds(), m.window().count(), instances == 1 ? "" : ", " + instances + " instances",
                            ProcessCpu.percent(m.commandCpu().compilerShare())),
                    target, String.format("%.2f× target", ms / CPU_MILLIS), Results.verdict(ms <= CPU_MILLIS));
        }
        if (measured.isEmpty()) {
            return;
        }
        String what = "token-query CPU per command, in the same windows (information)";
        if (context.endpoints().tokenQueryPid().isEmpty()) {
            results.notMeasured(what, "–", Endpoints.NO_PIDS);
            return;
        }
        results.row(what, String.join(", ", measured.stream().map(m -> String.format("%s %.2f ms", m.command(),
                m.queryCpuMillisPerCommand())).toList()), "–", "", "");
        commitRow(context);
        sharedCommitRow(context);
        machineRows(context);
    }

    /**
     * Transactions token-command's database committed per command in each window (information): below 1 where
     * commands were committed together. Every transaction of that database counts, its processors' too (the Kafka
     * publisher's and user-policies' token updates), and the server's counts lag by up to a second at each end.
     */
    private void commitRow(BenchmarkContext context) {
        String what = "token-command's database, transactions committed per command (information)";
        if (measured.stream().anyMatch(m -> Double.isNaN(m.commitsPerCommand()))) {
            context.results().notMeasured(what, "–", "the suite was not started by this benchmark");
            return;
        }
        context.results().row(what, String.join(", ", measured.stream().map(m -> String.format("%s %.2f",
                        m.command(), m.commitsPerCommand())).toList())
                + " (all of its transactions, its processors' too; counts lag up to 1 s)", "–", "", "");
    }

    /**
     * Commands per shared commit in each window (information): how many commands token-command committed together
     * (its {@code tokens.command.batch} summary), and what share of the window's commands were.
     */
    private void sharedCommitRow(BenchmarkContext context) {
        String what = "token-command, commands per shared commit (information)";
        if (measured.stream().anyMatch(m -> Double.isNaN(m.commandsPerSharedCommit()))) {
            context.results().notMeasured(what, "–", "token-command's tokens.command.batch could not be read from"
                    + " /actuator/prometheus, or it committed nothing together");
            return;
        }
        context.results().row(what, String.join(", ", measured.stream().map(m -> String.format("%s %.1f",
                        m.command(), m.commandsPerSharedCommit())).toList())
                + " (share of each window's commands committed together: " + String.join(" / ", measured.stream()
                .map(m -> String.format("%.0f %%", 100 * Math.min(1.0, m.sharedShare()))).toList()) + ")", "–", "", "");
    }

    /**
     * Per command, the whole machine's CPU and each part's share of it (information): what bounds the rate on these
     * cores, whichever part is measured against a target.
     */
    private void machineRows(BenchmarkContext context) {
        int cores = Runtime.getRuntime().availableProcessors();
        for (Measured m : measured) {
            String what = "where each " + m.command() + " command's CPU goes, whole machine (information)";
            Double machine = m.machineCpuMillis().get(SuiteCpu.MACHINE);
            if (machine == null) {
                context.results().notMeasured(what, "–", context.suite().isEmpty() ? Endpoints.NO_PIDS
                        : "the machine's CPU time could not be read from /proc/stat");
                continue;
            }
            String parts = m.machineCpuMillis().entrySet().stream().filter(e -> !e.getKey().equals(SuiteCpu.MACHINE))
                    .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
            context.results().row(what, String.format("%.2f ms: %s; at this cost %d cores allow at most %,.0f/s",
                    machine, parts, cores, cores * 1000 / machine), "–", "", "");
        }
    }
}
