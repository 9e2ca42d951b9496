package org.tokensuite.infra.bench;

import org.tokensuite.infra.client.SuiteClient;

import java.net.URI;
import java.util.Map;

/**
 * How many commands token-command committed together: its {@code tokens.command.batch} summary (commands per shared
 * commit), read from its Prometheus endpoint as an administrator. Two readings around a window give the commands per
 * shared commit in it, which explains its transactions per command.
 */
final class SharedCommits {

    private static final String COUNT = "tokens_command_batch_count";
    private static final String SUM = "tokens_command_batch_sum";

    private SharedCommits() {
    }

    /** Shared commits and the commands in them so far; NaN where they could not be read. */
    record Reading(double commits, double commands) {

        static final Reading UNKNOWN = new Reading(Double.NaN, Double.NaN);

        /** Commands per shared commit since {@code before}; NaN when either reading is unknown or nothing was committed. */
        double commandsPerCommitSince(Reading before) {
            double commitsIn = commits - before.commits;
            return commitsIn > 0 ? (commands - before.commands) / commitsIn : Double.NaN;
        }

        /** Commands committed together since {@code before}; NaN when either reading is unknown. */
        double commandsSince(Reading before) {
            return commands - before.commands;
        }
    }

    /** The summary as token-command at {@code instance} exposes it now; {@link Reading#UNKNOWN} when it cannot be read. */
    static Reading read(SuiteClient client, URI instance, String adminToken) {
        SuiteClient.Response response = client.send(instance, "GET", "/actuator/prometheus",
                Map.of("Authorization", "Bearer " + adminToken), null);
        return response.status() == 200 ? parse(response.body()) : Reading.UNKNOWN;
    }

    /** The summary's count and sum in a Prometheus text exposition (summed over label sets); UNKNOWN without them. */
    static Reading parse(String exposition) {
        double commits = Double.NaN;
        double commands = Double.NaN;
        for (String line : exposition.split("\n")) {
            Double count = sample(line, COUNT);
            if (count != null) {
                commits = Double.isNaN(commits) ? count : commits + count;
            }
            Double sum = sample(line, SUM);
            if (sum != null) {
                commands = Double.isNaN(commands) ? sum : commands + sum;
            }
        }
        return Double.isNaN(commits) || Double.isNaN(commands) ? Reading.UNKNOWN : new Reading(commits, commands);
    }

    /** The value of {@code line} when it is a sample of {@code metric} (with or without labels), else null. */
    private static Double sample(String line, String metric) {
        if (!line.startsWith(metric)) {
            return null;
        }
        String rest = line.substring(metric.length());
        if (rest.startsWith("{")) {
            int end = rest.lastIndexOf('}');
            if (end < 0) {
                return null;
            }
            rest = rest.substring(end + 1);
        } else if (!rest.startsWith(" ")) {
            return null; // another metric whose name starts the same
        }
        String[] fields = rest.trim().split("\\s+");
        try {
            return Double.parseDouble(fields[0]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
