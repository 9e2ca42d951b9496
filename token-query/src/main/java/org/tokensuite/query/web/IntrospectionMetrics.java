package org.tokensuite.query.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.tokensuite.query.verification.Verdict;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the answers introspection gives about the token asked about, as {@code tokens.introspections} with
 * {@code result} ({@code active} or {@code inactive}) and {@code verdict} (why: {@code revoked},
 * {@code expired}, ...; the {@link Verdict} names, a fixed set). Registered up front, one counter per verdict,
 * so the hot path only increments; a request refused before a verdict (no credentials, 503) is not an answer
 * and is not counted here (the HTTP server metric has it by status).
 */
@Component
public class IntrospectionMetrics {

    public static final String INTROSPECTIONS = "tokens.introspections";

    private final Map<Verdict, Counter> answers = new EnumMap<>(Verdict.class);

    public IntrospectionMetrics(MeterRegistry meters) {
        for (Verdict verdict : Verdict.values()) {
            answers.put(verdict, Counter.builder(INTROSPECTIONS)
                    .description("introspection answers about the presented token, by result and verdict")
                    .tag("result", verdict.isActive() ? "active" : "inactive")
                    .tag("verdict", verdict.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
    }

    void answered(Verdict verdict) {
        answers.get(verdict).increment();
    }
}
