package org.tokensuite.query.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.tokensuite.query.QueryApplication;
import org.tokensuite.query.support.Events;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.TestDatabase;
import org.tokensuite.testsupport.TestKafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A quick local load set-up for introspection (not a test and not the suite's benchmark, which
 * lives in infra): an in-JVM KRaft broker, a fresh database, {@code tokens} issued tokens of which
 * 90 % are valid in the load file, and token-query on {@code port}. Writes the introspector
 * credential and the token list to {@code dir} for {@code introspect.lua}, prints READY and runs
 * until stdin closes. See token-query/README.md ("Measuring introspection locally").
 */
public final class LocalLoad {

    private LocalLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int tokens = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        Files.createDirectories(dir);
        String kafka = TestKafka.bootstrapServers();
        TestKafka.createTopics(4, TopicPublisher.TOPIC, "token-usage", "token-signals");
        TestDatabase database = TestDatabase.create("query_load");

        String introspector = Events.newSecret();
        List<String> lines = new ArrayList<>();
        try (TopicPublisher topic = new TopicPublisher()) {
            topic.publish(Events.issued(Events.newTokenId(), "load-service", introspector, "tokens:introspect"));
            for (int i = 0; i < tokens; i++) {
                String secret = Events.newSecret();
                if (i % 10 != 9) { // 10 % of the load presents tokens the index does not know
                    topic.publish(Events.issued(Events.newTokenId(), "load-owner-" + (i % 50), secret,
                            "billing:read", "billing:write"));
                }
                lines.add(secret);
            }
        }
        Files.writeString(dir.resolve("introspector.txt"), introspector + "\n");
        Files.write(dir.resolve("tokens.txt"), lines);

        ConfigurableApplicationContext app = SpringApplication.run(QueryApplication.class,
                "--server.port=" + port,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--axon.kafka.bootstrap-servers=" + kafka,
                "--logging.level.root=WARN");
        awaitReady(port);
        System.out.println("READY");
        while (System.in.read() >= 0) {
            // run until stdin closes
        }
        app.close();
        database.drop();
        System.exit(0);
    }

    private static void awaitReady(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build();
        for (int i = 0; i < 600; i++) {
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("token-query did not become ready");
    }
}
