package org.tokensuite.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code <run>/pids}: every process a suite started (pid, start time, name), so that the next start
 * can stop the processes of a launcher that was killed (SIGKILL) before it could stop them itself.
 */
final class PidFile {

    private final Path file;

    PidFile(Path file) {
        this.file = file;
    }

    void record(ChildProcess process) {
        ProcessHandle handle = process.handle();
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        try {
            Files.writeString(file, handle.pid() + " " + start + " " + process.name() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops what an earlier run left behind (services first, the broker last, as on a normal stop) and forgets it. */
    void stopLeftovers() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<ProcessHandle> services = new ArrayList<>();
            List<ProcessHandle> brokers = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(" ", 3);
                if (parts.length < 3) {
                    continue;
                }
                long pid = Long.parseLong(parts[0]);
                long start = Long.parseLong(parts[1]);
                // Only the very process that was started (same pid and start time), never a recycled pid.
                ProcessHandle.of(pid)
                        .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == start)
                        .ifPresent(h -> {
                            Console.info("stopping %s (pid %d) left over from an earlier run", parts[2], pid);
                            ("kafka".equals(parts[2]) ? brokers : services).add(h);
                        });
            }
            stopAndWait(services);
            stopAndWait(brokers);
            Files.delete(file);
        } catch (IOException | NumberFormatException e) {
            Console.info("could not read %s: %s", file, e.getMessage());
        }
    }

    /** After a normal stop: nothing left to stop, the file only helps after a crash. */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale file names processes that are gone: the next start skips them
        }
    }

    private static void stopAndWait(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }
}
