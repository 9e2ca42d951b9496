package org.tokensuite.infra.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaAcls;
import org.tokensuite.infra.KafkaBroker;
import org.tokensuite.infra.KafkaCredentials;
import org.tokensuite.infra.KafkaPrincipal;
import org.tokensuite.infra.Ports;
import org.tokensuite.infra.SuiteOptions;
import org.tokensuite.infra.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerTest {

    @Test
    void theBrokerRunsAsItsOwnProcessHoldsTheSuitesTopicsAndFreesItsPortsWhenClosed() throws Exception {
        Path dir = E2eDirectories.forTest("kafka");
        int port = Ports.free();
        int controllerPort = Ports.free();
        String classpath = SuiteOptions.libDirectory(SuiteOptions.findRoot()) + "/*";
        KafkaCredentials credentials = new KafkaCredentials(dir.resolve("secrets/kafka"));
        KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), port, controllerPort, classpath,
                dir.resolve("logs/kafka.log"), List.of("-Xmx384m"), credentials);
        try {
            broker.start(Duration.ofSeconds(90));
            broker.createTopics();
            broker.createTopics(); // a second time is no error
            broker.applyAcls();
            broker.applyAcls(); // nor is this

            assertThat(broker.storage()).isEqualTo(KafkaBroker.Storage.SECURED);
            for (KafkaPrincipal principal : KafkaPrincipal.values()) {
                assertThat(Files.getPosixFilePermissions(credentials.file(principal)))
                        .as(principal.username()).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
            assertThat(Files.readString(dir.resolve("kafka/server.properties")))
                    .contains("allow.everyone.if.no.acl.found=false", "super.users=User:suite-admin")
                    .doesNotContain("User:ANONYMOUS");

            try (Admin admin = broker.admin()) {
                Map<String, TopicDescription> topics = admin.describeTopics(
                        Topics.ALL.stream().map(Topics.Spec::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
                for (Topics.Spec spec : Topics.ALL) {
                    assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                }
                ConfigResource tokenEvents = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TOKEN_EVENTS);
                Config config = admin.describeConfigs(List.of(tokenEvents)).all().get(30, TimeUnit.SECONDS).get(tokenEvents);
                assertThat(config.get("retention.ms").value()).isEqualTo("-1");
                assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
                        .containsExactlyInAnyOrderElementsOf(KafkaAcls.bindings());
            }
            // A principal sees only what it was granted: hr-publisher, one topic.
            Map<String, Object> hr = broker.access().clientProperties(KafkaPrincipal.HR_PUBLISHER);
            try (Admin asHr = Admin.create(hr)) {
                assertThat(asHr.listTopics().names().get(30, TimeUnit.SECONDS)).containsExactly(Topics.HR_EMPLOYEE_EVENTS);
            }
            // A consumer group is its service's alone: nobody else can move lifecycle-listener's offsets past a
            // leaver's offboarding event, nor read where token-command's anomaly response stands.
            Map<TopicPartition, OffsetAndMetadata> skipAhead = Map.of(
                    new TopicPartition(Topics.HR_EMPLOYEE_EVENTS, 0), new OffsetAndMetadata(0));
            for (KafkaPrincipal intruder : List.of(KafkaPrincipal.HR_PUBLISHER, KafkaPrincipal.TOKEN_COMMAND)) {
                try (Admin asIntruder = Admin.create(broker.access().clientProperties(intruder))) {
                    assertThatThrownBy(() -> asIntruder.alterConsumerGroupOffsets(KafkaAcls.LIFECYCLE_GROUP, skipAhead)
                            .all().get(30, TimeUnit.SECONDS)).as(intruder.username())
                            .hasCauseInstanceOf(GroupAuthorizationException.class);
                }
            }
            try (Admin asLifecycle = Admin.create(broker.access().clientProperties(KafkaPrincipal.LIFECYCLE_LISTENER))) {
                asLifecycle.alterConsumerGroupOffsets(KafkaAcls.LIFECYCLE_GROUP, skipAhead).all().get(30, TimeUnit.SECONDS);
                assertThatThrownBy(() -> asLifecycle.listConsumerGroupOffsets(KafkaAcls.ANOMALY_RESPONSE_GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(GroupAuthorizationException.class);
            }
            Map<String, Object> wrong = new java.util.HashMap<>(hr);
            wrong.putAll(KafkaAccess.sasl(KafkaPrincipal.HR_PUBLISHER.username(), "wrong"));
            try (Admin asNobody = Admin.create(wrong)) {
                assertThatThrownBy(() -> asNobody.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        } finally {
            broker.close();
        }
        assertThat(Ports.inUse(port)).isFalse();
        assertThat(Ports.inUse(controllerPort)).isFalse();
    }

    @Test
    void storageFormattedWithoutCredentialsIsRefusedByASecuredBrokerUntilItIsFormattedAfresh() {
        Path dir = E2eDirectories.forTest("kafka-upgrade");
        int port = Ports.free();
        int controllerPort = Ports.free();
        String classpath = SuiteOptions.libDirectory(SuiteOptions.findRoot()) + "/*";
        Path folder = dir.resolve("kafka");
        Path log = dir.resolve("logs/kafka.log");
        KafkaBroker plaintext = new KafkaBroker(folder, port, controllerPort, classpath, log, List.of("-Xmx384m"));
        try {
            plaintext.start(Duration.ofSeconds(90)); // as a suite from before Kafka was secured
        } finally {
            plaintext.close();
        }
        assertThat(plaintext.storage()).isEqualTo(KafkaBroker.Storage.PLAINTEXT);

        KafkaBroker secured = new KafkaBroker(folder, port, controllerPort, classpath, log, List.of("-Xmx384m"),
                new KafkaCredentials(dir.resolve("secrets/kafka")));
        assertThatThrownBy(() -> secured.start(Duration.ofSeconds(90)))
                .hasMessageContaining("without SASL/SCRAM credentials").hasMessageContaining("--reset");
        assertThat(Ports.inUse(port)).as("nothing was started").isFalse();

        secured.deleteStorage();
        try {
            secured.start(Duration.ofSeconds(90));
            assertThat(secured.storage()).isEqualTo(KafkaBroker.Storage.SECURED);
            assertThat(secured.formattedNewStorage()).isTrue();
        } finally {
            secured.close();
        }
    }
}
