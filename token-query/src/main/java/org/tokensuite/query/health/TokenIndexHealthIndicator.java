package org.tokensuite.query.health;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import org.tokensuite.query.index.IndexProgress;
import org.tokensuite.query.index.TokenIndex;

import java.time.Clock;

/** Health "tokenIndex": UP only while introspection may answer; part of the readiness group. */
@Component("tokenIndexHealthIndicator") // reported as "tokenIndex"
public class TokenIndexHealthIndicator extends AbstractHealthIndicator {

    private final IntrospectionGate gate;
    private final IndexProgress progress;
    private final TokenIndex index;
    private final Clock clock;

    public TokenIndexHealthIndicator(IntrospectionGate gate, IndexProgress progress, TokenIndex index, Clock clock) {
        this.gate = gate;
        this.progress = progress;
        this.index = index;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        String reason = gate.closedReason(clock.millis());
        (reason == null ? builder.up() : builder.down().withDetail("reason", reason))
                .withDetail("caughtUp", progress.isCaughtUp())
                .withDetail("lag", progress.lag() == Long.MAX_VALUE ? -1 : progress.lag())
                .withDetail("tokens", index.tokenCount())
                .withDetail("eventsApplied", progress.eventsApplied());
    }
}
