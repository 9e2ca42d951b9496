package org.tokensuite.command.leak;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.tokensuite.api.command.ReportTokenLeak;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.command.user.SecretHashRegistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches each reported string by its hash against every secret any token has had, current or superseded,
 * and reports a match to its token (recorded once; a live token is revoked). The answer says only
 * {@code true_positive} or {@code false_positive}: nothing else about a string that is no token's.
 */
@Component
public class LeakReports {

    public static final Actor ACTOR = Actor.system("leak-report");
    public static final String TRUE_POSITIVE = "true_positive";
    public static final String FALSE_POSITIVE = "false_positive";

    private final SecretHashRegistry hashes;
    private final CommandGateway commands;

    public LeakReports(SecretHashRegistry hashes, CommandGateway commands) {
        this.hashes = hashes;
        this.commands = commands;
    }

    /** One reported string; {@code type}, {@code url} and {@code source} as the scanner gave them (checked text). */
    public record Reported(String token, String type, String url, String source) {
    }

    /** The answer for one reported string: its SHA-256 (never the string), its type and the label. */
    public record Labelled(@JsonProperty("token_hash") String tokenHash, @JsonProperty("token_type") String tokenType,
                           String label) {
    }

    public List<Labelled> handle(List<Reported> report, String correlationId) {
        // The same string twice in one report is handled once.
        Map<String, Reported> unique = new LinkedHashMap<>();
        for (Reported reported : report) {
            unique.putIfAbsent(hash(reported.token()), reported);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, Reported> entry : unique.entrySet()) {
            labels.put(entry.getKey(), handle(entry.getKey(), entry.getValue(), correlationId));
        }
        List<Labelled> answer = new ArrayList<>();
        for (Reported reported : report) {
            String hash = hash(reported.token());
            answer.add(new Labelled(hash, reported.type(), labels.get(hash)));
        }
        return answer;
    }

    private String handle(String hash, Reported reported, String correlationId) {
        if (!TokenSecrets.isWellFormed(reported.token())) {
            return FALSE_POSITIVE;
        }
        Optional<SecretHashRegistry.Match> match = hashes.find(hash);
        if (match.isEmpty()) {
            return FALSE_POSITIVE;
        }
        String where = reported.url() == null ? "" : " at " + reported.url();
        String reason = Cause.fitted("leaked: found in the open" + where);
        commands.sendAndWait(new ReportTokenLeak(match.get().tokenId(), !match.get().current(), reported.type(),
                reported.url(), reported.source(), ACTOR, new Cause(reason, correlationId)));
        return TRUE_POSITIVE;
    }

    /** SHA-256 of the reported text (UTF-8): for a well-formed token the same as its stored hash. */
    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
