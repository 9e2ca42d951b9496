package org.tokensuite.infra.bench;

import org.tokensuite.infra.Service;
import org.tokensuite.infra.SuiteOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a command's CPU goes on the machine: CPU seconds so far of each part of the suite (each service, the Kafka
 * broker, the PostgreSQL server's processes), of the benchmark's own JVM (the load generator) and of the whole
 * machine ({@code /proc/stat}). Two readings around a window, divided by the commands in it, say what each part
 * costs per command, and the machine's figure bounds the rate its cores allow at all.
 */
final class SuiteCpu {

    static final String MACHINE = "machine";
    static final String REST = "rest of the machine";
    static final String LOAD = "load generator (this benchmark)";
    static final String POSTGRES = "PostgreSQL";
    static final String KAFKA = "Kafka broker";

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** CPU seconds per part at one moment (parts that could not be read are absent). */
    record Reading(Map<String, Double> seconds) {

        /** Per part, milliseconds of CPU per command between {@code before} and this reading, largest first. */
        Map<String, Double> perCommand(Reading before, long commands) {
            Map<String, Double> used = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : seconds.entrySet()) {
                Double then = before.seconds.get(e.getKey());
                if (then != null) {
                    used.put(e.getKey(), (e.getValue() - then) * 1000 / commands);
                }
            }
            Double machine = used.get(MACHINE);
            if (machine != null) {
                double parts = used.entrySet().stream().filter(e -> !e.getKey().equals(MACHINE))
                        .mapToDouble(Map.Entry::getValue).sum();
                used.put(REST, Math.max(0, machine - parts));
            }
            return used.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        }
    }

    private SuiteCpu() {
    }

    /** The suite's processes ({@code suite}'s broker and services), PostgreSQL's, this JVM's and the machine's. */
    static Reading read(List<ProcessHandle> suite) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (ProcessHandle process : suite) {
            if (process.isAlive()) {
                partOf(process).ifPresent(part -> seconds.merge(part, ProcessCpu.own(process.pid()), Double::sum));
            }
        }
        double postgres = ProcessHandle.allProcesses().filter(SuiteCpu::isPostgres)
                .mapToDouble(p -> ProcessCpu.own(p.pid())).filter(s -> !Double.isNaN(s)).sum();
        seconds.put(POSTGRES, postgres);
        // Each process alone: the suite's processes are this JVM's children, the server's backends the postmaster's.
        seconds.put(LOAD, ProcessCpu.own(ProcessHandle.current().pid()));
        machine().ifPresent(s -> seconds.put(MACHINE, s));
        seconds.values().removeIf(s -> Double.isNaN(s));
        return new Reading(seconds);
    }

    /** By {@code /proc/<pid>/comm}, which anyone may read (a server run by another user hides its command line). */
    private static boolean isPostgres(ProcessHandle process) {
        try {
            return "postgres".equals(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "comm")).strip());
        } catch (IOException | RuntimeException e) {
            return false; // ended meanwhile
        }
    }

    private static Optional<String> partOf(ProcessHandle process) {
        String command = process.info().commandLine().orElse("");
        for (Service service : Service.values()) {
            if (command.contains("/" + service.execJarName(SuiteOptions.VERSION))) {
                return Optional.of(service.module());
            }
        }
        return command.contains("kafka.Kafka") ? Optional.of(KAFKA) : Optional.empty();
    }

    /**
     * Busy CPU seconds of all the machine's CPUs: user, nice, system, irq and softirq of {@code /proc/stat}'s
     * {@code cpu} line (not idle, iowait, nor steal: time the hypervisor gave to others is no work done here).
     */
    private static Optional<Double> machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(f[field]);
            }
            return Optional.of(busy / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
