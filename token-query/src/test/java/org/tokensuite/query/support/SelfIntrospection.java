package org.tokensuite.query.support;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.nio.charset.StandardCharsets;

/** Whether token-query already verifies a token a test published: the token introspects itself as active. */
public final class SelfIntrospection {

    private SelfIntrospection() {
    }

    public static boolean isActive(WebTestClient http, String token) {
        byte[] body = http.post().uri("/v1/introspect").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token)).exchange().expectBody().returnResult()
                .getResponseBody();
        return body != null && new String(body, StandardCharsets.UTF_8).startsWith("{\"active\":true");
    }
}
