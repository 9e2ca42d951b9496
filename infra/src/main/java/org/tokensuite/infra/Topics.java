package org.tokensuite.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The suite's Kafka topics (the README's "Topics" table), created if missing. Replication 1: one broker. */
public final class Topics {

    public static final String TOKEN_EVENTS = "token-events";
    public static final String AUDIT_CHECKPOINTS = "audit-checkpoints";
    public static final String TOKEN_USAGE = "token-usage";
    public static final String TOKEN_SIGNALS = "token-signals";
    public static final String HR_EMPLOYEE_EVENTS = "hr.employee-events";
    public static final String HR_EMPLOYEE_EVENTS_DLQ = "hr.employee-events.dlq";

    /** A topic the suite needs. */
    public record Spec(String name, int partitions, Map<String, String> configs) {
    }

    public static final List<Spec> ALL = List.of(
            // The event log the views are rebuilt from: kept for ever.
            new Spec(TOKEN_EVENTS, 4, Map.of("retention.ms", "-1")),
            new Spec(TOKEN_USAGE, 4, Map.of()),
            // Security signals (anomalies) from token-query, read by token-command and audit-projector.
            new Spec(TOKEN_SIGNALS, 4, Map.of()),
            new Spec(AUDIT_CHECKPOINTS, 1, Map.of("retention.ms", "-1")), // audit-projector's signed chain heads: evidence, kept
            new Spec(HR_EMPLOYEE_EVENTS, 4, Map.of()),
            new Spec(HR_EMPLOYEE_EVENTS_DLQ, 1, Map.of()));

    private Topics() {
    }

    /** Creates each topic of {@link #ALL} that does not exist yet; existing topics are left as they are. */
    public static void createMissing(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = ALL.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                Console.info("created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the suite's topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create the suite's topics in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
