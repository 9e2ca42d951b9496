package org.tokensuite.lifecycle.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.FreeText;
import org.tokensuite.api.value.UserId;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends offboard/suspend/reinstate to token-command over HTTP. token-command treats a repeated
 * correlation id as a no-op, so calling again after an unknown outcome is always safe.
 *
 * <p>With several token-command instances ({@code lifecycle.command-url} a list) a command goes to
 * them in order: to the next only when the one tried gave no answer (refused, reset, timed out) or
 * answered 503; each instance at most once per call, and none after one answered anything else.
 * Sending to a second instance after a timeout is safe because the user commands are idempotent
 * (the same correlation id, or a standing already reached, is a no-op).
 */
@Component
public class UserLifecycleClient {

    private static final Logger log = LoggerFactory.getLogger(UserLifecycleClient.class);
    private static final int DETAIL_LIMIT = 300;

    private final CommandClientProperties properties;
    private final ReservedPrincipals reserved;
    private final ObjectMapper json;
    private final HttpClient http;

    public UserLifecycleClient(CommandClientProperties properties, ReservedPrincipals reserved, ObjectMapper json) {
        this.properties = properties;
        this.reserved = reserved;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.commandTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        if (properties.commandToken().isEmpty()) {
            log.error("lifecycle.command-token (LIFECYCLE_COMMAND_TOKEN) is not set: token-command will refuse every command");
        } else if (!TokenSecrets.isWellFormed(properties.commandToken())) {
            log.error("lifecycle.command-token (LIFECYCLE_COMMAND_TOKEN) is not a well-formed suite token");
        }
    }

    /**
     * Applies the action to the user; returns only once token-command accepted it.
     *
     * @throws ReservedPrincipalRefused the user is one of the suite's own principals; nothing was sent
     * @throws CommandRefused     token-command will never accept this command
     * @throws CommandUnavailable not accepted now (including {@link CommandUnauthorized}); retry later
     */
    public CommandAccepted apply(UserAction action, UserId user, Cause cause) {
        // Checked here, where every command leaves, so no caller (HR, SCIM or a later one) can skip it.
        reserved.requireNotReserved(user);
        // callers validated what they put in; this is the last guard before it reaches the token audit log
        FreeText.require("reason", cause.reason(), Cause.MAX_REASON_LENGTH);
        FreeText.require("correlationId", cause.correlationId(), 200);
        HttpResponse<byte[]> response = null;
        IOException unanswered = null;
        for (URI instance : properties.commandUrl()) {
            try {
                response = http.send(request(instance, action, user, cause), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                unanswered = e;
                log.warn("token-command at {} did not answer ({}){}", instance, e.getClass().getSimpleName(),
                        properties.commandUrl().size() > 1 ? "; trying the next instance" : "");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandUnavailable("interrupted while calling token-command", e);
            }
            if (response.statusCode() != 503) {
                break;
            }
        }
        if (response == null) {
            throw new CommandUnavailable("token-command is unreachable: " + unanswered.getClass().getSimpleName(), unanswered);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return accepted(user, response.body());
        }
        if (status == 401 || status == 403) {
            throw new CommandUnauthorized(status);
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            throw new CommandUnavailable("token-command answered " + status, null);
        }
        throw new CommandRefused(status, problemDetail(response.body()));
    }

    private HttpRequest request(URI instance, UserAction action, UserId user, Cause cause) {
        URI uri = URI.create(stripTrailingSlash(instance.toString()) + "/v1/users/"
                + URLEncoder.encode(user.value(), StandardCharsets.UTF_8) + "/" + action.pathSegment());
        Map<String, String> body = new LinkedHashMap<>();
        body.put("reason", cause.reason());
        body.put("correlationId", cause.correlationId());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(properties.commandTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .header("X-Correlation-Id", cause.correlationId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)));
        if (!properties.commandToken().isEmpty()) {
            builder.header("Authorization", "Bearer " + properties.commandToken());
        }
        return builder.build();
    }

    private CommandAccepted accepted(UserId user, byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                return new CommandAccepted(node.path("userId").asText(user.value()), node.path("state").asText(null),
                        node.path("affectedTokens").asInt(0));
            }
        } catch (IOException e) {
            // token-command accepted the command; an unreadable summary must not make us send it again.
            log.warn("token-command accepted the command for {} but its answer was not JSON", user);
        }
        return new CommandAccepted(user.value(), null, 0);
    }

    private String problemDetail(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("detail")) {
                String detail = node.get("detail").asText();
                if (detail.length() > DETAIL_LIMIT) {
                    // never cut a surrogate pair in two
                    int end = Character.isHighSurrogate(detail.charAt(DETAIL_LIMIT - 1)) ? DETAIL_LIMIT - 1 : DETAIL_LIMIT;
                    detail = detail.substring(0, end) + "…";
                }
                // The detail is copied into a DLQ reason and a SCIM error: it keeps the free-text rule or is dropped.
                return FreeText.problem("detail", detail, DETAIL_LIMIT + 1) == null ? detail : null;
            }
        } catch (IOException e) {
            // no problem document: the status alone has to do
        }
        return null;
    }

    private byte[] write(Map<String, String> body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("could not write a command body", e);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
