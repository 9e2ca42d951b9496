package org.tokensuite.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Least privilege on the broker: who may write and read which topic and consumer group. Everything
 * not granted here is refused ({@code allow.everyone.if.no.acl.found=false}); only {@code suite-admin}
 * is a super user. READ and WRITE imply DESCRIBE, which is all the services' metadata requests and lag
 * samplers (list offsets, committed offsets of their own group) need.
 *
 * <pre>
 * token-events            write: token-command          read: token-query, audit-projector
 * token-signals           write: token-query            read: token-command, audit-projector
 * token-usage             write: token-query            read: audit-projector, token-command
 * hr.employee-events      write: hr-publisher           read: lifecycle-listener
 * hr.employee-events.dlq  write: lifecycle-listener     read: (suite-admin only)
 * group token-command-anomaly-response   read: token-command
 * group token-command-last-use          read: token-command
 * group lifecycle-listener               read: lifecycle-listener
 * </pre>
 * token-query's index and the Axon sources of token-query and audit-projector use no consumer group
 * (they assign partitions and keep their positions themselves), so those services get none.
 */
public final class KafkaAcls {

    public static final String ANOMALY_RESPONSE_GROUP = "token-command-anomaly-response";
    public static final String LAST_USE_GROUP = "token-command-last-use";
    public static final String LIFECYCLE_GROUP = "lifecycle-listener";

    private KafkaAcls() {
    }

    /** The whole table. */
    public static List<AclBinding> bindings() {
        List<AclBinding> all = new ArrayList<>();
        topic(all, Topics.TOKEN_EVENTS, AclOperation.WRITE, KafkaPrincipal.TOKEN_COMMAND);
        topic(all, Topics.TOKEN_EVENTS, AclOperation.READ, KafkaPrincipal.TOKEN_QUERY, KafkaPrincipal.AUDIT_PROJECTOR);
        topic(all, Topics.TOKEN_SIGNALS, AclOperation.WRITE, KafkaPrincipal.TOKEN_QUERY);
        topic(all, Topics.TOKEN_SIGNALS, AclOperation.READ, KafkaPrincipal.TOKEN_COMMAND, KafkaPrincipal.AUDIT_PROJECTOR);
        topic(all, Topics.TOKEN_USAGE, AclOperation.WRITE, KafkaPrincipal.TOKEN_QUERY);
        // token-command keeps each token's last use, for a bulk revocation's notUsedSince.
        topic(all, Topics.TOKEN_USAGE, AclOperation.READ, KafkaPrincipal.AUDIT_PROJECTOR, KafkaPrincipal.TOKEN_COMMAND);
        topic(all, Topics.HR_EMPLOYEE_EVENTS, AclOperation.WRITE, KafkaPrincipal.HR_PUBLISHER);
        topic(all, Topics.HR_EMPLOYEE_EVENTS, AclOperation.READ, KafkaPrincipal.LIFECYCLE_LISTENER);
        topic(all, Topics.HR_EMPLOYEE_EVENTS_DLQ, AclOperation.WRITE, KafkaPrincipal.LIFECYCLE_LISTENER);
        // Signed chain heads: written by audit-projector alone; auditors read them as the operator (suite-admin).
        topic(all, Topics.AUDIT_CHECKPOINTS, AclOperation.WRITE, KafkaPrincipal.AUDIT_PROJECTOR);
        group(all, ANOMALY_RESPONSE_GROUP, KafkaPrincipal.TOKEN_COMMAND);
        group(all, LAST_USE_GROUP, KafkaPrincipal.TOKEN_COMMAND);
        group(all, LIFECYCLE_GROUP, KafkaPrincipal.LIFECYCLE_LISTENER);
        return List.copyOf(all);
    }

    /**
     * Makes the broker's ACLs exactly {@link #bindings()}: creates the missing ones and deletes any
     * other (an earlier version's, or one added by hand), so a run never keeps a stale right.
     */
    public static void apply(Admin admin) {
        try {
            Collection<AclBinding> existing = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
            Set<AclBinding> wanted = new HashSet<>(bindings());
            List<AclBindingFilter> stale = existing.stream().filter(b -> !wanted.contains(b)).map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(30, TimeUnit.SECONDS);
                Console.info("deleted %d Kafka ACLs that are not the suite's", stale.size());
            }
            List<AclBinding> missing = wanted.stream().filter(b -> !existing.contains(b)).toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(30, TimeUnit.SECONDS);
                Console.info("created %d Kafka ACLs", missing.size());
            }
            if (!stale.isEmpty() || !missing.isEmpty()) {
                awaitInForce(admin, wanted);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set the broker's ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not set the ACLs in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The controller has committed the change when createAcls/deleteAcls return, but the broker's authorizer
     * applies it from the metadata log a moment later: nothing may start (or be judged) before it does.
     */
    private static void awaitInForce(Admin admin, Set<AclBinding> wanted)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)).equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the broker did not put the suite's ACLs in force within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static void topic(List<AclBinding> all, String topic, AclOperation operation, KafkaPrincipal... principals) {
        for (KafkaPrincipal principal : principals) {
            all.add(allow(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), principal, operation));
        }
    }

    private static void group(List<AclBinding> all, String group, KafkaPrincipal principal) {
        all.add(allow(new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), principal, AclOperation.READ));
    }

    private static AclBinding allow(ResourcePattern resource, KafkaPrincipal principal, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry(principal.principal(), "*", operation, AclPermissionType.ALLOW));
    }
}
