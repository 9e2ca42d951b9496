package org.tokensuite.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.tokensuite.query.index.TokenIndex;
import org.tokensuite.query.index.TokenRecord;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;

class IntrospectionResponsesTest {

    @Test
    void activeResponseCarriesTheRfc7662Claims() throws Exception {
        TokenIndex index = new TokenIndex();
        String id = newTokenId();
        String secret = newSecret();
        Instant notBefore = Instant.parse("2030-01-01T00:00:00Z");
        Instant expiresAt = Instant.parse("2030-02-01T00:00:00Z");
        index.apply(issued(id, "alice", secret, notBefore, expiresAt, List.of(), "b:read", "a:write").change(), 0L);
        TokenRecord token = index.find(secret).token();

        JsonNode json = new ObjectMapper().readTree(IntrospectionResponses.active(token));

        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("scope").asText()).isEqualTo("a:write b:read");
        assertThat(json.get("sub").asText()).isEqualTo("alice");
        assertThat(json.get("jti").asText()).isEqualTo(id);
        assertThat(json.get("exp").asLong()).isEqualTo(expiresAt.getEpochSecond());
        assertThat(json.get("nbf").asLong()).isEqualTo(notBefore.getEpochSecond());
        assertThat(json.get("iat").asLong()).isEqualTo(token.issuedAt());
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.size()).isEqualTo(8);
    }

    @Test
    void aSupersededSecretsAnswerAddsOnlyTheExtensionMember() throws Exception {
        TokenIndex index = new TokenIndex();
        String secret = newSecret();
        index.apply(issued(newTokenId(), "alice", secret, "b:read").change(), 0L);
        TokenRecord token = index.find(secret).token();

        JsonNode plain = new ObjectMapper().readTree(IntrospectionResponses.active(token, false));
        JsonNode superseded = new ObjectMapper().readTree(IntrospectionResponses.active(token, true));

        assertThat(plain.has("superseded")).isFalse();
        assertThat(superseded.get("superseded").asBoolean()).isTrue();
        ((com.fasterxml.jackson.databind.node.ObjectNode) superseded).remove("superseded");
        assertThat(superseded).isEqualTo(plain);
    }

    @Test
    void inactiveResponseIsExactlyActiveFalse() {
        assertThat(new String(IntrospectionResponses.INACTIVE)).isEqualTo("{\"active\":false}");
    }
}
