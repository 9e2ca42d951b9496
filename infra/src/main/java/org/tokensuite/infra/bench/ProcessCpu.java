package org.tokensuite.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time a process and its live descendants have used so far (user + system, all threads), from
 * {@code /proc/<pid>/stat} (Keycloak's {@code kc.sh} runs the server JVM as a child of its shell).
 * On a machine shared with other work, requests per server CPU-second compare two servers far more
 * fairly than requests per wall-clock second, which depend on what else was running.
 */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux (getconf CLK_TCK)

    /** A JVM's warm-up is over once its JIT compiler threads used at most this share of its CPU in a slice of load. */
    static final double COMPILERS_SETTLED = 0.05;

    private ProcessCpu() {
    }

    /** Seconds of CPU of the process and its descendants, or NaN when it cannot be read (not Linux, process gone). */
    static double seconds(long pid) {
        double total = own(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
            double c = own(child.pid());
            if (!Double.isNaN(c)) {
                total += c;
            }
        }
        return total;
    }

    /** The sum of {@link #seconds} over {@code pids}; NaN when there are none or one cannot be read. */
    static double total(List<Long> pids) {
        if (pids.isEmpty()) {
            return Double.NaN;
        }
        return pids.stream().mapToDouble(ProcessCpu::seconds).sum();
    }

    /** CPU seconds of some JVMs and of their JIT compiler threads, read at one moment (NaN where unreadable). */
    record Reading(double total, double compilers) {

        static Reading of(List<Long> pids) {
            return new Reading(ProcessCpu.total(pids), compilerTotal(pids));
        }

        /** What was used between {@code before} and this reading. */
        Reading since(Reading before) {
            return new Reading(total - before.total, compilers - before.compilers);
        }

        /** The compilers' share of the CPU used. */
        double compilerShare() {
            return compilers / total;
        }
    }

    /** A share of CPU for the progress lines and the tables: "4.9 %", or "(unknown)" when it could not be read. */
    static String percent(double share) {
        return Double.isNaN(share) ? "(unknown)" : String.format("%.1f %%", 100 * share);
    }

    /**
     * Seconds of CPU the JIT compiler threads of the JVMs {@code pids} (and of their descendants, as Keycloak's server
     * under {@code kc.sh}) have used so far (threads named
     * {@code C1 CompilerThread…} / {@code C2 CompilerThread…}); NaN when there are none or one cannot be read. On two
     * busy cores HotSpot's compilers get little CPU and a service keeps compiling for minutes: CPU measured while
     * they still run is not the steady state.
     */
    static double compilerTotal(List<Long> pids) {
        if (pids.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        for (long pid : pids) {
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    if (isCompiler(task)) {
                        total += ticks(Files.readString(task.resolve("stat"))) / TICKS_PER_SECOND;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
            List<Long> children = ProcessHandle.of(pid).map(h -> h.children().map(ProcessHandle::pid).toList())
                    .orElse(List.of());
            if (!children.isEmpty()) {
                double theirs = compilerTotal(children);
                if (!Double.isNaN(theirs)) {
                    total += theirs;
                }
            }
        }
        return total;
    }

    private static boolean isCompiler(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).strip();
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        } catch (IOException e) {
            return false; // the thread ended
        }
    }

    private static long ticks(String stat) {
        // Fields after the command name (which may hold spaces) start after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat(5): utime, stime
    }

    /** Seconds of CPU of the process alone, without its descendants (NaN when it cannot be read). */
    static double own(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
