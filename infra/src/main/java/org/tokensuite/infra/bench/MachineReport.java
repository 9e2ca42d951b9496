package org.tokensuite.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were taken on, and how busy it was: they mean little without it. */
final class MachineReport {

    private MachineReport() {
    }

    static Map<String, Object> now() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("memory", firstLine("/proc/meminfo"));
        m.put("cpu_model", cpuModel());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("load_average", firstLine("/proc/loadavg"));
        m.put("other_maven_builds", otherMavenBuilds());
        return m;
    }

    static String summary() {
        Map<String, Object> m = now();
        return m.get("cpus") + " CPUs (" + m.get("cpu_model") + "), " + m.get("memory") + ", " + m.get("java")
                + ", load " + m.get("load_average") + ", other Maven builds running: " + m.get("other_maven_builds");
    }

    /** Maven JVMs of other engineers (their builds compete for the same two cores). */
    static long otherMavenBuilds() {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("plexus-classworlds")
                        || c.contains("surefirebooter") || c.contains("failsafe")).orElse(false))
                .count();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).get(0).replaceAll("\\s+", " ").trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            return "?";
        }
    }
}
