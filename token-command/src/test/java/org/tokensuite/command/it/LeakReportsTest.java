package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tokensuite.api.secret.TokenSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.command.it.CommandHttp.body;

/**
 * Leaked-token reports as a secret scanner sends them, signed with a local ECDSA P-256 key pair: a live token, a
 * superseded secret, garbage and an unknown well-formed token; a repeat; and the unsigned and wrongly signed
 * reports that must change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeakReportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private CommandService service;
    private CommandHttp http;
    private String admin;
    private Path keys;
    private KeyPair scanner;
    private KeyPair stranger;

    @BeforeAll
    void start() throws Exception {
        scanner = p256();
        stranger = p256();
        keys = Files.createTempDirectory("leak-keys");
        Files.writeString(keys.resolve("scanner-key-1.pem"), pem(scanner));
        Files.writeString(keys.resolve("broken.pem"), "not a key");
        service = CommandService.start("leaks", Map.of("tokens.leaks.public-keys-dir", keys.toString()));
        http = service.http();
        admin = service.introspection().caller("tok_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "ops-admin", "tokens:admin");
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        try (var files = Files.list(keys)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(keys);
    }

    @Test
    void aSignedReportRevokesLiveMatchesLabelsEachEntryAndHasNoSecondEffect() throws Exception {
        JsonNode live = issue("leaky-service");
        JsonNode rotatedAway = issue("leaky-service");
        HttpResponse<String> rotated = http.post("/v1/tokens/" + rotatedAway.path("tokenId").asText() + "/rotate", admin,
                "{\"reason\":\"routine\"}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String unknown = new TokenSecrets().generate();
        String liveSecret = live.path("token").asText();
        String oldSecret = rotatedAway.path("token").asText();
        byte[] report = report(List.of(liveSecret, oldSecret, "tkn_not_a_token_at_all", unknown, liveSecret));

        HttpResponse<String> answer = send(report, "scanner-key-1", sign(scanner, report));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(labels(answer)).containsExactly("true_positive", "true_positive", "false_positive", "false_positive",
                "true_positive");
        assertThat(body(answer).get(0).path("token_hash").asText()).isEqualTo(TokenSecrets.hash(liveSecret).value());
        assertThat(answer.body()).doesNotContain(liveSecret).doesNotContain(oldSecret).doesNotContain(unknown);

        String liveId = live.path("tokenId").asText();
        String oldId = rotatedAway.path("tokenId").asText();
        assertThat(service.eventTypesOf(liveId)).containsExactly("TokenIssued", "TokenLeaked", "TokenRevoked");
        assertThat(service.eventTypesOf(oldId)).containsExactly("TokenIssued", "TokenRotated", "TokenLeaked", "TokenRevoked");
        assertThat(service.db().queryForObject("SELECT convert_from(payload, 'UTF8') FROM domainevententry "
                + "WHERE aggregateidentifier = ? AND payloadtype LIKE '%TokenLeaked'", String.class, oldId))
                .contains("\"supersededSecret\":true").contains("https://github.com/example/repo/blob/main/app.yml");

        // Reported again later: the same labels, nothing more recorded.
        HttpResponse<String> again = send(report, "scanner-key-1", sign(scanner, report));
        assertThat(labels(again)).containsExactly("true_positive", "true_positive", "false_positive", "false_positive",
                "true_positive");
        assertThat(service.eventTypesOf(liveId)).containsExactly("TokenIssued", "TokenLeaked", "TokenRevoked");
    }

    @Test
    void anUnsignedOrWronglySignedReportIsRefusedAndChangesNothing() throws Exception {
        JsonNode target = issue("careful-service");
        byte[] report = report(List.of(target.path("token").asText()));
        assertThat(send(report, null, null).statusCode()).isEqualTo(401);
        assertThat(send(report, "scanner-key-1", sign(stranger, report)).statusCode()).isEqualTo(401);
        assertThat(send(report, "unknown-key", sign(scanner, report)).statusCode()).isEqualTo(401);
        assertThat(send(report, "broken", sign(scanner, report)).statusCode()).isEqualTo(401);
        assertThat(send(report, "scanner-key-1", "bm90IGEgc2lnbmF0dXJl").statusCode()).isEqualTo(401);
        // Signed over different bytes than were sent.
        byte[] other = report(List.of(new TokenSecrets().generate()));
        HttpResponse<String> tampered = send(report, "scanner-key-1", sign(scanner, other));
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(service.eventTypesOf(target.path("tokenId").asText())).containsExactly("TokenIssued");
    }

    @Test
    void aSignedButMalformedReportIsA400ThatNeverEchoesTheBody() throws Exception {
        String secret = new TokenSecrets().generate();
        byte[] broken = ("[{\"token\": \"" + secret + "\", ").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = send(broken, "scanner-key-1", sign(scanner, broken));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain(secret);
        byte[] notArray = "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(send(notArray, "scanner-key-1", sign(scanner, notArray)).statusCode()).isEqualTo(400);
    }

    private JsonNode issue(String owner) throws Exception {
        HttpResponse<String> issued = http.post("/v1/tokens", admin,
                "{\"ownerId\":\"" + owner + "\",\"name\":\"key\",\"scopes\":[\"tokens:read\"],\"ttl\":\"P1D\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return body(issued);
    }

    private static byte[] report(List<String> tokens) throws Exception {
        List<Map<String, String>> entries = tokens.stream().map(token -> Map.of("token", token,
                "type", "tokensuite_api_token", "url", "https://github.com/example/repo/blob/main/app.yml",
                "source", "content")).toList();
        return JSON.writeValueAsBytes(entries);
    }

    private HttpResponse<String> send(byte[] body, String keyId, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/leaks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (keyId != null) {
            request.header("Github-Public-Key-Identifier", keyId);
        }
        if (signature != null) {
            request.header("Github-Public-Key-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> labels(HttpResponse<String> answer) throws Exception {
        return java.util.stream.StreamSupport.stream(body(answer).spliterator(), false)
                .map(entry -> entry.path("label").asText()).toList();
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static String sign(KeyPair pair, byte[] body) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(pair.getPrivate());
        signature.update(body);
        return Base64.getEncoder().encodeToString(signature.sign());
    }
}
