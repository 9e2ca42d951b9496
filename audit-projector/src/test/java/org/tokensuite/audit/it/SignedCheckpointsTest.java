package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.audit.AuditApplication;
import org.tokensuite.audit.chain.ChainHash;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestDatabase;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Signed checkpoints against an attacker who can write the database but does not hold the key:
 * a rewritten entry with every later hash recomputed, and entries cut off the end, are reported
 * with the seq where trust ends; an exported range verifies offline with the published key; a
 * key rotation is recorded in the chain. Each test has its own database and its own topics, so
 * the chain holds exactly the entries it publishes.
 */
class SignedCheckpointsTest {

    private static final IntrospectionStub INTROSPECTION = new IntrospectionStub();
    private static final TokenEventsPublisher PUBLISHER = new TokenEventsPublisher();
    private static final String AUDITOR = INTROSPECTION.tokenWithScopes("audit:read");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final byte[] X509_ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    @TempDir
    Path keys;

    @AfterAll
    static void stop() {
        INTROSPECTION.close();
        PUBLISHER.close();
    }

    @Test
    void checkpointsAppearEveryNEntriesAndTheirSignaturesVerifyWithThePublishedKey() throws Exception {
        Suite suite = new Suite("ckpt_every", keys.resolve("signing-key.pem"));
        try (suite) {
            suite.start();
            suite.publish(12);
            suite.awaitEntries(12);

            JsonNode page = suite.getJson("/v1/audit/checkpoints");
            assertThat(page.get("checkpoints").findValues("seq")).extracting(JsonNode::asLong).containsExactly(5L, 10L);
            JsonNode key = suite.getJson("/v1/audit/checkpoints/key").get("current");
            byte[] raw = Base64.getDecoder().decode(key.get("publicKey").asText());
            assertThat(raw).hasSize(32);
            assertThat(key.get("pem").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
            assertThat(key.get("keyId").asText()).isEqualTo(HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(x509(raw))));
            List<JsonNode> entries = NdjsonChain.entries(suite.get("/v1/audit/events", "application/x-ndjson").body());
            for (JsonNode checkpoint : page.get("checkpoints")) {
                long seq = checkpoint.get("seq").asLong();
                assertThat(checkpoint.get("hash").asText()).isEqualTo(entries.get((int) seq - 1).get("hash").asText());
                assertThat(checkpoint.get("keyId").asText()).isEqualTo(key.get("keyId").asText());
                assertThat(signatureVerifies(raw, message(checkpoint), checkpoint.get("signature").asText())).isTrue();
            }

            JsonNode verify = suite.getJson("/v1/audit/verify");
            assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isTrue();
            JsonNode status = verify.get("checkpoint");
            assertThat(status.get("status").asText()).isEqualTo("ok");
            assertThat(status.get("latestSeq").asLong()).isEqualTo(10);
            assertThat(status.get("latestAt").asText()).isEqualTo(page.get("checkpoints").get(1).get("signedAt").asText());
            assertThat(status.get("unsignedTail").asLong()).isEqualTo(2);
            assertThat(status.get("trustedUpTo").asLong()).isEqualTo(10);

            // Readers need audit:read; parameters are checked (problem+json, never a 500).
            for (String path : List.of("/v1/audit/checkpoints", "/v1/audit/checkpoints/key")) {
                assertThat(suite.raw(path, null).statusCode()).as(path).isEqualTo(401);
                assertThat(suite.raw(path, INTROSPECTION.tokenWithScopes("tokens:read")).statusCode()).as(path).isEqualTo(403);
            }
            for (String bad : List.of("from=-1", "from=x", "limit=0", "limit=1001")) {
                HttpResponse<String> refused = suite.raw("/v1/audit/checkpoints?" + bad, AUDITOR);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(refused.body()).contains(bad.startsWith("from") ? "from must be a seq" : "limit must be");
            }
            JsonNode firstPage = suite.getJson("/v1/audit/checkpoints?limit=1");
            assertThat(firstPage.get("checkpoints").findValues("seq")).extracting(JsonNode::asLong).containsExactly(5L);
            assertThat(firstPage.get("nextFrom").asText()).isEqualTo("10");
            assertThat(suite.getJson("/v1/audit/checkpoints?from=10").get("nextFrom").isNull()).isTrue();

            // Stored first, then published on the checkpoint topic, key "audit", as the API shows them.
            List<ConsumerRecord<String, String>> published = suite.awaitPublished(2);
            assertThat(published).extracting(ConsumerRecord::key).containsOnly("audit");
            assertThat(published.stream().map(r -> read(r.value())).toList())
                    .containsExactlyElementsOf(page.get("checkpoints")::iterator);
        }
    }

    @Test
    void aHeadThatMovedIsSignedAfterTheIntervalEvenBelowTheEntryCount() throws Exception {
        Suite suite = new Suite("ckpt_timed", keys.resolve("signing-key.pem"));
        try (suite) {
            suite.everyEntries = 1000;
            suite.every = "PT1S";
            suite.start();
            suite.publish(3);
            suite.awaitEntries(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> suite.checkpointRows().stream().anyMatch(r -> r.startsWith("3 ")));

            JsonNode checkpoints = suite.getJson("/v1/audit/checkpoints").get("checkpoints");
            assertThat(checkpoints.get(checkpoints.size() - 1).get("seq").asLong()).isEqualTo(3);
            JsonNode status = suite.getJson("/v1/audit/verify").get("checkpoint");
            assertThat(status.get("status").asText()).isEqualTo("ok");
            assertThat(status.get("unsignedTail").asLong()).isZero();
            assertThat(status.get("trustedUpTo").asLong()).isEqualTo(3);
        }
    }

    @Test
    void checkpointRowsCannotBeChangedByTheApplicationRoleNorWithoutDisablingTheTriggers() throws Exception {
        Suite suite = new Suite("ckpt_append_only", keys.resolve("signing-key.pem"));
        try (suite) {
            suite.start();
            suite.publish(5);
            suite.awaitEntries(5);
            List<String> before = suite.checkpointRows();
            assertThat(before).hasSize(1);
            for (String attack : List.of("UPDATE audit_checkpoint SET hash = repeat('0', 64)",
                    "DELETE FROM audit_checkpoint", "TRUNCATE audit_checkpoint CASCADE",
                    "DELETE FROM audit_checkpoint_key", "UPDATE audit_checkpoint_key SET first_seq = 99")) {
                assertThatThrownBy(() -> suite.sql("SET ROLE tokens_audit_writer; " + attack)).as(attack)
                        .isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> suite.sql(attack)).as("the owner too: " + attack)
                        .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            }
            assertThat(suite.checkpointRows()).isEqualTo(before);
        }
    }

    @Test
    void anEntryRewrittenWithEveryLaterHashRecomputedBreaksTheNextCheckpoint() throws Exception {
        Suite suite = new Suite("ckpt_rewrite", keys.resolve("signing-key.pem"));
        try (suite) {
            suite.start();
            suite.publish(12);
            suite.awaitEntries(12);
            List<JsonNode> entries = NdjsonChain.entries(suite.get("/v1/audit/events", "application/x-ndjson").body());

            // What a superuser without the key can do: change entry 7, recompute 7..12 so the chain links again.
            String prev = entries.get(5).get("hash").asText();
            try (Connection c = suite.connect(); Statement sql = c.createStatement()) {
                sql.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
                for (int i = 6; i < entries.size(); i++) {
                    ObjectNode e = (ObjectNode) entries.get(i).deepCopy();
                    if (i == 6) {
                        ((ObjectNode) e.get("cause")).put("reason", "nothing to see");
                    }
                    e.put("prevHash", prev);
                    String hash = ChainHash.of(NdjsonChain.entry(e));
                    sql.executeUpdate("UPDATE audit_entry SET cause_reason = '" + e.get("cause").get("reason").asText()
                            + "', prev_hash = '" + prev + "', hash = '" + hash + "' WHERE seq = " + (i + 1));
                    prev = hash;
                }
                sql.execute("ALTER TABLE audit_entry ENABLE TRIGGER USER");
            }

            JsonNode verify = suite.getJson("/v1/audit/verify");
            assertThat(verify.get("firstBrokenSeq")).as("the hashes link again: the chain alone sees nothing").isNull();
            assertThat(verify.get("entries").asLong()).isEqualTo(12);
            assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isFalse();
            JsonNode status = verify.get("checkpoint");
            assertThat(status.get("status").asText()).isEqualTo("broken");
            assertThat(status.get("firstBrokenSeq").asLong()).isEqualTo(10);
            assertThat(status.get("trustedUpTo").asLong()).isEqualTo(5);
            assertThat(status.get("reason").asText()).contains("6..10");
        }
    }

    @Test
    void aCheckpointForgedWithoutTheKeyIsReportedAsBroken() throws Exception {
        Suite suite = new Suite("ckpt_forged", keys.resolve("signing-key.pem"));
        try (suite) {
            suite.start();
            suite.publish(7);
            suite.awaitEntries(7);
            JsonNode key = suite.getJson("/v1/audit/checkpoints/key").get("current");
            String hash7 = NdjsonChain.entries(suite.get("/v1/audit/events", "application/x-ndjson").body())
                    .get(6).get("hash").asText();
            // A database writer vouching for the head himself: right key id, right hash, no key.
            suite.sql("INSERT INTO audit_checkpoint (seq, hash, signed_at, key_id, signature) VALUES (7, '" + hash7
                    + "', now(), '" + key.get("keyId").asText() + "', decode(repeat('ab', 64), 'hex'))");

            JsonNode verify = suite.getJson("/v1/audit/verify");
            assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isFalse();
            JsonNode status = verify.get("checkpoint");
            assertThat(status.get("status").asText()).isEqualTo("broken");
            assertThat(status.get("firstBrokenSeq").asLong()).isEqualTo(7);
            assertThat(status.get("trustedUpTo").asLong()).isEqualTo(5);
            assertThat(status.get("reason").asText()).contains("signature of checkpoint 7 does not verify");
        }
    }

    @Test
    void entriesCutOffTheEndAreReportedAsATruncation() throws Exception {
        Suite suite = new Suite("ckpt_truncate", keys.resolve("signing-key.pem"));
        try (suite) {
            suite.start();
            suite.publish(10);
            suite.awaitEntries(10);
            try (Connection c = suite.connect(); Statement sql = c.createStatement()) {
                sql.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
                sql.executeUpdate("DELETE FROM audit_entry WHERE seq > 8");
                sql.execute("ALTER TABLE audit_entry ENABLE TRIGGER USER");
            }

            JsonNode verify = suite.getJson("/v1/audit/verify");
            assertThat(verify.get("entries").asLong()).as("the shortened chain links").isEqualTo(8);
            assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isFalse();
            JsonNode status = verify.get("checkpoint");
            assertThat(status.get("status").asText()).isEqualTo("broken");
            assertThat(status.get("latestSeq").asLong()).isEqualTo(10);
            assertThat(status.get("firstBrokenSeq").asLong()).isEqualTo(9);
            assertThat(status.get("trustedUpTo").asLong()).isEqualTo(5);
            assertThat(status.get("reason").asText()).contains("removed from the end");
        }
    }

    @Test
    void anExportedRangeVerifiesOfflineWithThePublishedKeyAndFailsAfterOneChangedByte() throws Exception {
        Suite suite = new Suite("ckpt_offline", keys.resolve("signing-key.pem"));
        try (suite) {
            suite.start();
            suite.publish(12);
            suite.awaitEntries(12);
            String export = suite.get("/v1/audit/events?limit=10", "application/x-ndjson").body();
            JsonNode checkpoint = suite.getJson("/v1/audit/checkpoints?from=10&limit=1").get("checkpoints").get(0);
            byte[] publicKey = Base64.getDecoder().decode(
                    suite.getJson("/v1/audit/checkpoints/key").get("current").get("publicKey").asText());

            assertThat(offlineVerifies(export, checkpoint, publicKey)).isTrue();
            int at = export.indexOf("step 3");
            String changed = export.substring(0, at) + "step 4" + export.substring(at + "step 3".length());
            assertThat(offlineVerifies(changed, checkpoint, publicKey)).isFalse();
            assertThat(offlineVerifies(export, checkpoint, new Suite.Key(keys.resolve("other.pem")).raw())).isFalse();
        }
    }

    @Test
    void aNewKeyFileRotatesTheKeyInTheChainAndOldCheckpointsStillVerifyWithTheOldKey() throws Exception {
        Path oldKey = keys.resolve("old.pem");
        Path newKey = keys.resolve("new.pem");
        Suite suite = new Suite("ckpt_rotate", oldKey);
        try (suite) {
            suite.start();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(oldKey))).isEqualTo("rw-------");
            assertThat(Files.readString(oldKey)).startsWith("-----BEGIN PRIVATE KEY-----");
            suite.publish(6);
            suite.awaitEntries(6);
            JsonNode first = suite.getJson("/v1/audit/checkpoints/key").get("current");
            suite.stopApp();

            suite.keyFile = newKey;
            suite.start();
            suite.awaitEntries(7);
            suite.publish(5);
            suite.awaitEntries(12);

            JsonNode keysNow = suite.getJson("/v1/audit/checkpoints/key");
            JsonNode current = keysNow.get("current");
            assertThat(current.get("keyId").asText()).isNotEqualTo(first.get("keyId").asText());
            assertThat(current.get("validFromSeq").asLong()).isEqualTo(7);
            assertThat(keysNow.get("earlier")).hasSize(1);
            JsonNode earlier = keysNow.get("earlier").get(0);
            assertThat(earlier.get("keyId").asText()).isEqualTo(first.get("keyId").asText());
            assertThat(earlier.get("validThroughSeq").asLong()).isEqualTo(6);
            assertThat(earlier.get("validUntil").asText()).isEqualTo(current.get("validFrom").asText());

            JsonNode rotation = suite.getJson("/v1/audit/events?type=AuditSigningKeyRotated").get("entries").get(0);
            assertThat(rotation.get("seq").asLong()).isEqualTo(7);
            assertThat(rotation.get("payload").get("oldKeyId").asText()).isEqualTo(first.get("keyId").asText());
            assertThat(rotation.get("payload").get("newKeyId").asText()).isEqualTo(current.get("keyId").asText());

            byte[] oldRaw = Base64.getDecoder().decode(first.get("publicKey").asText());
            byte[] newRaw = Base64.getDecoder().decode(current.get("publicKey").asText());
            JsonNode checkpoints = suite.getJson("/v1/audit/checkpoints").get("checkpoints");
            assertThat(checkpoints.findValues("seq")).extracting(JsonNode::asLong).containsExactly(5L, 7L, 10L);
            for (JsonNode checkpoint : checkpoints) {
                boolean old = checkpoint.get("seq").asLong() < 7;
                String signature = checkpoint.get("signature").asText();
                assertThat(signatureVerifies(old ? oldRaw : newRaw, message(checkpoint), signature)).isTrue();
                assertThat(signatureVerifies(old ? newRaw : oldRaw, message(checkpoint), signature)).isFalse();
            }
            JsonNode verify = suite.getJson("/v1/audit/verify");
            assertThat(verify.get("ok").asBoolean()).as(verify.toString()).isTrue();
            assertThat(verify.get("checkpoint").get("status").asText()).isEqualTo("ok");
            assertThat(verify.get("checkpoint").get("trustedUpTo").asLong()).isEqualTo(10);
            suite.stopApp();

            // A retired key must not sign again: the service refuses to start, the chain is unchanged.
            suite.keyFile = oldKey;
            assertThatThrownBy(suite::start).hasStackTraceContaining("retired");
            assertThat(suite.entries()).isEqualTo(12);
        }
    }

    @Test
    void aBrokerThatRefusesCheckpointsNeitherStopsTheWriterNorLosesThemTheyArePublishedOnceItAccepts() throws Exception {
        Suite suite = new Suite("ckpt_outage", keys.resolve("signing-key.pem"));
        try (suite; Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            // The checkpoint topic refuses every record (too large), as a broken or unreachable broker would.
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, suite.checkpointTopic);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "16"), AlterConfigOp.OpType.SET)))).all().get();
            suite.start();
            suite.publish(15);
            suite.awaitEntries(15);
            assertThat(suite.checkpointRows()).hasSize(3);
            assertThat(suite.getJson("/v1/audit/verify").get("checkpoint").get("status").asText()).isEqualTo("ok");
            assertThat(suite.publishedThrough()).isZero();

            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET)))).all().get();
            List<ConsumerRecord<String, String>> published = suite.awaitPublished(3);
            assertThat(published.stream().map(r -> read(r.value()).get("seq").asLong()).toList())
                    .containsExactly(5L, 10L, 15L);
            await().atMost(Duration.ofSeconds(30)).until(() -> suite.publishedThrough() == 15);
        }
    }

    /** The auditor's procedure, JDK only but for the chain's hash rule: recompute, derive the message, verify. */
    private static boolean offlineVerifies(String ndjson, JsonNode checkpoint, byte[] publicKey) throws Exception {
        String prev = ChainHash.GENESIS;
        long seq = 0;
        for (String line : ndjson.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            ObjectNode e = (ObjectNode) JSON.readTree(line);
            e.put("prevHash", prev);
            prev = ChainHash.of(NdjsonChain.entry(e));
            seq = e.get("seq").asLong();
        }
        assertThat(seq).isEqualTo(checkpoint.get("seq").asLong());
        byte[] message = ("tokensuite-audit-checkpoint\n" + seq + "\n" + prev + "\n" + checkpoint.get("signedAt").asText())
                .getBytes(StandardCharsets.US_ASCII);
        return signatureVerifies(publicKey, message, checkpoint.get("signature").asText());
    }

    private static byte[] message(JsonNode checkpoint) {
        return ("tokensuite-audit-checkpoint\n" + checkpoint.get("seq").asLong() + "\n" + checkpoint.get("hash").asText()
                + "\n" + checkpoint.get("signedAt").asText()).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean signatureVerifies(byte[] rawPublicKey, byte[] message, String signatureBase64) throws Exception {
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509(rawPublicKey)));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(message);
        return ed25519.verify(Base64.getDecoder().decode(signatureBase64));
    }

    private static byte[] x509(byte[] raw) {
        byte[] der = new byte[44];
        System.arraycopy(X509_ED25519_PREFIX, 0, der, 0, 12);
        System.arraycopy(raw, 0, der, 12, 32);
        return der;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One service instance on its own database and topics, restartable with another key file. */
    private static final class Suite implements AutoCloseable {
        private final TestDatabase database;
        private final Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        private final String events;
        private final String signals;
        private final String checkpointTopic;
        private final String owner = "ckpt-" + UUID.randomUUID().toString().substring(0, 8);
        private Path keyFile;
        private int everyEntries = 5;
        private String every = "PT1H";
        private ConfigurableApplicationContext app;
        private int published;

        Suite(String label, Path keyFile) {
            this.database = SuiteInfrastructure.register(properties::put, label);
            String id = UUID.randomUUID().toString().substring(0, 8);
            this.events = "ckpt-events-" + id;
            this.signals = "ckpt-signals-" + id;
            this.checkpointTopic = "audit-checkpoints-" + id;
            this.keyFile = keyFile;
            TestKafka.createTopics(1, events, signals, checkpointTopic, TokenEventsPublisher.USAGE);
        }

        void start() {
            List<String> args = new ArrayList<>();
            properties.forEach((name, value) -> args.add("--" + name + "=" + value.get()));
            args.add("--server.port=0");
            args.add("--tokens.resource-server.introspection-urls=" + INTROSPECTION.url());
            args.add("--tokens.audit.topics.events=" + events);
            args.add("--tokens.audit.topics.signals=" + signals);
            args.add("--tokens.audit.checkpoints.topic=" + checkpointTopic);
            args.add("--tokens.audit.checkpoints.every-entries=" + everyEntries);
            // Unless a test asks otherwise only the entry count signs, so which seqs are signed is exact.
            args.add("--tokens.audit.checkpoints.every=" + every);
            args.add("--tokens.audit.checkpoints.key-file=" + keyFile);
            app = new SpringApplicationBuilder(AuditApplication.class).run(args.toArray(String[]::new));
        }

        void stopApp() {
            if (app != null) {
                app.close();
                app = null;
            }
        }

        void publish(int count) {
            UserId user = new UserId(owner);
            TokenId token = TokenId.random();
            Instant t0 = Instant.parse("2024-06-01T00:00:00Z");
            for (int i = 0; i < count; i++) {
                int n = published++;
                Cause cause = new Cause("step " + n, "req-" + n);
                PUBLISHER.publish(events, TokenEventsPublisher.message(n % 2 == 0
                        ? new TokenSuspended(token, user, Actor.system("test"), cause, t0.plusSeconds(n))
                        : new TokenReinstated(token, user, Actor.system("test"), cause, t0.plusSeconds(n))));
            }
        }

        void awaitEntries(long count) throws SQLException {
            await().atMost(Duration.ofSeconds(120)).until(() -> entries() >= count);
            assertThat(entries()).isEqualTo(count);
        }

        long entries() throws SQLException {
            try (Connection c = connect(); Statement sql = c.createStatement();
                 ResultSet rs = sql.executeQuery("SELECT count(*) FROM audit_entry")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        long publishedThrough() throws SQLException {
            try (Connection c = connect(); Statement sql = c.createStatement();
                 ResultSet rs = sql.executeQuery("SELECT through_seq FROM audit_checkpoint_published")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        List<String> checkpointRows() throws SQLException {
            List<String> rows = new ArrayList<>();
            try (Connection c = connect(); Statement sql = c.createStatement();
                 ResultSet rs = sql.executeQuery("SELECT seq, hash, signed_at, key_id, encode(signature, 'hex')"
                         + " FROM audit_checkpoint ORDER BY seq")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
                            + " " + rs.getString(5));
                }
            }
            return rows;
        }

        void sql(String statements) throws SQLException {
            try (Connection c = connect(); Statement sql = c.createStatement()) {
                sql.execute(statements);
            }
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(database.url(), database.username(), database.password());
        }

        HttpResponse<String> get(String path, String accept) throws Exception {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + AUDITOR);
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return response;
        }

        HttpResponse<String> raw(String path, String token) throws Exception {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode getJson(String path) throws Exception {
            return JSON.readTree(get(path, null).body());
        }

        List<ConsumerRecord<String, String>> awaitPublished(int count) {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
                TopicPartition partition = new TopicPartition(checkpointTopic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                List<ConsumerRecord<String, String>> records = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                    return records.size() >= count;
                });
                return records;
            }
        }

        @Override
        public void close() {
            stopApp();
        }

        /** A key file made by the service's own rule, for "some other key". */
        record Key(Path file) {
            byte[] raw() {
                return org.tokensuite.audit.checkpoint.SigningKeyFile.loadOrCreate(file).publicKey();
            }
        }
    }
}
