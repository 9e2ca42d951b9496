package org.tokensuite.infra.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.tokensuite.infra.KafkaBroker;
import org.tokensuite.infra.Ports;
import org.tokensuite.infra.SuiteOptions;
import org.tokensuite.infra.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    @Test
    void theBrokerRunsAsItsOwnProcessHoldsTheSuitesTopicsAndFreesItsPortsWhenClosed() throws Exception {
        Path dir = E2eDirectories.forTest("kafka");
        int port = Ports.free();
        int controllerPort = Ports.free();
        String classpath = SuiteOptions.libDirectory(SuiteOptions.findRoot()) + "/*";
        KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), port, controllerPort, classpath,
                dir.resolve("logs/kafka.log"), List.of("-Xmx384m"));
        try {
            broker.start(Duration.ofSeconds(90));
            broker.createTopics();
            broker.createTopics(); // a second time is no error

            try (Admin admin = broker.admin()) {
                Map<String, TopicDescription> topics = admin.describeTopics(
                        Topics.ALL.stream().map(Topics.Spec::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
                for (Topics.Spec spec : Topics.ALL) {
                    assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                }
                ConfigResource tokenEvents = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TOKEN_EVENTS);
                Config config = admin.describeConfigs(List.of(tokenEvents)).all().get(30, TimeUnit.SECONDS).get(tokenEvents);
                assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            }
        } finally {
            broker.close();
        }
        assertThat(Ports.inUse(port)).isFalse();
        assertThat(Ports.inUse(controllerPort)).isFalse();
    }
}
