package org.tokensuite.query.health;

import org.springframework.stereotype.Component;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.index.IndexProgress;

/**
 * Whether this instance may answer introspection at all: its index is warm, not failed, close
 * enough to the topic's end (and that end recently confirmed), and its database reachable.
 * Otherwise introspection answers 503: fail closed, never "active" from a stale view.
 */
@Component
public class IntrospectionGate {

    private final IndexProgress progress;
    private final DatabaseProbe database;
    private final long maxLag;
    private final long maxStalenessMillis;

    public IntrospectionGate(IndexProgress progress, DatabaseProbe database, TokensProperties properties) {
        this.progress = progress;
        this.database = database;
        this.maxLag = properties.index().maxLag();
        this.maxStalenessMillis = properties.index().maxStaleness().toMillis();
    }

    public boolean isOpen(long nowMillis) {
        return progress.isCaughtUp()
                && progress.failure() == null
                && progress.lag() <= maxLag
                && nowMillis - progress.endOffsetsConfirmedAtMillis() <= maxStalenessMillis
                && database.isUp(nowMillis);
    }

    /** Why the gate is closed (for health details and problem details), or null when open. */
    public String closedReason(long nowMillis) {
        if (progress.failure() != null) {
            return "the token index stopped: " + progress.failure();
        }
        if (!progress.isCaughtUp()) {
            return "the token index is still loading the event topic";
        }
        if (progress.lag() > maxLag) {
            return "the token index is " + progress.lag() + " events behind (limit " + maxLag + ")";
        }
        if (nowMillis - progress.endOffsetsConfirmedAtMillis() > maxStalenessMillis) {
            return "the event broker has not confirmed the token index's position recently";
        }
        if (!database.isUp(nowMillis)) {
            return "the token view database is unreachable";
        }
        return null;
    }
}
