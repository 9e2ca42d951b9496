package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Issue, rotate and revoke as one client of the command windows sends them: over its own keep-alive
 * {@link HttpConnection} to token-command, as the bootstrap admin, each answer awaited and checked.
 */
final class CommandCalls implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NO_OVERLAP_GIVEN = "{}".getBytes(StandardCharsets.US_ASCII);

    private final HttpConnection connection;
    private final String credential;

    private CommandCalls(HttpConnection connection, String credential) {
        this.connection = connection;
        this.credential = credential;
    }

    static CommandCalls to(URI tokenCommand, String credential) throws IOException {
        return new CommandCalls(HttpConnection.to(tokenCommand), credential);
    }

    /** Issues {@code scopes} for {@code ownerId}, valid for {@code ttl}; answers the new token's id. */
    String issue(String ownerId, List<String> scopes, String ttl) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("ownerId", ownerId, "name", "bench", "scopes", scopes, "ttl", ttl));
        HttpConnection.Answer answer = post("/v1/tokens", body).expect(201, "issue");
        return JSON.readTree(answer.body()).path("tokenId").asText();
    }

    void rotate(String tokenId) throws IOException {
        post("/v1/tokens/" + tokenId + "/rotate", NO_OVERLAP_GIVEN).expect(200, "rotate");
    }

    void revoke(String tokenId, String reason) throws IOException {
        post("/v1/tokens/" + tokenId + "/revoke", JSON.writeValueAsBytes(Map.of("reason", reason))).expect(200, "revoke");
    }

    private HttpConnection.Answer post(String path, byte[] body) throws IOException {
        return connection.exchange("POST", path, credential, "application/json", body);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
