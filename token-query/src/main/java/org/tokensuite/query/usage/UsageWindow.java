package org.tokensuite.query.usage;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Scope;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.index.TokenRecord;
import org.tokensuite.query.signal.TokenActivity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What is tallied per token between two flushes, in memory only: request threads add to a token's
 * {@link UsageCell} (no lock, no I/O), the flush thread drains every cell into a
 * {@link DrainedWindow}: one {@link UsageRow} per token used, the refusals whose signal is due
 * ({@link RefusalThrottle}), and each token's counts for the anomaly rules. A token unused (and
 * unrefused) for {@code tokens.usage.idle-eviction} is forgotten, its rate baseline with it. No
 * clock, no thread, no I/O: the caller says when the window started and ends.
 */
@Component
@ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "true", matchIfMissing = true)
public class UsageWindow {

    private static final int MAX_SOURCE_LENGTH = 64;

    private final ConcurrentHashMap<TokenRecord, UsageCell> cells = new ConcurrentHashMap<>();
    private final long idleMillis;
    private final double rateAlpha;
    private final Duration refusalInterval;
    /** Flush thread only: tallies evicted at the last drain, drained once more (a request may still have held one). */
    private List<UsageCell> retired = List.of();

    public UsageWindow(TokensProperties properties) {
        this.idleMillis = properties.usage().idleEviction().toMillis();
        this.rateAlpha = RateBaseline.alpha(properties.anomaly().rateSpike().baseline().toMinutes());
        this.refusalInterval = properties.signals().refusalInterval();
    }

    /** Request thread: the token's tally, created on its first use or refusal since it was last evicted. */
    UsageCell cell(TokenRecord token) {
        UsageCell cell = cells.get(token);
        return cell != null ? cell : cells.computeIfAbsent(token, UsageCell::new);
    }

    /**
     * Flush thread: takes what was counted since the last drain. Uses are counted in the minute of
     * {@code start}; refusals not yet due stay counted for a later drain.
     */
    DrainedWindow drain(Instant start, Instant end) {
        Instant minute = start.truncatedTo(ChronoUnit.MINUTES);
        long endMillis = end.toEpochMilli();
        List<UsageRow> rows = new ArrayList<>();
        List<DrainedWindow.Refusal> refusals = new ArrayList<>();
        List<TokenActivity.Window> activity = new ArrayList<>();
        Map<UsageCell, Long> usesTaken = new HashMap<>();
        List<UsageCell> nowRetired = new ArrayList<>();
        List<UsageCell> all = new ArrayList<>(cells.values());
        all.addAll(retired);
        for (UsageCell cell : all) {
            long uses = cell.uses.sumThenReset();
            Map<String, Long> checks = drainChecks(cell);
            if (uses > 0 || !checks.isEmpty()) {
                usesTaken.put(cell, uses);
                rows.add(row(cell, uses, minute, checks));
            }
            if (uses > 0) {
                cell.rate.add(minute.getEpochSecond() / 60, uses, rateAlpha);
            }
            RefusalTally tally = cell.refusals.get();
            long outsideAttempts = tally == null ? 0 : tally.drainOutsideAllowedCidrs();
            if (uses > 0 || outsideAttempts > 0) {
                activity.add(new TokenActivity.Window(cell.token, minute, uses, cell.rate.currentCount(),
                        cell.rate.average(), cell.rate.watchedMinutes(), cell.lastSource, outsideAttempts,
                        tally == null ? null : tally.outsideSource, end));
            }
            if (tally != null && tally.pending() > 0 && cell.refusalSignals.admit(endMillis, refusalInterval)) {
                refusals.add(refusal(cell.token, tally, endMillis));
            }
            if (!cell.retired && cell.isIdle(endMillis, idleMillis)) {
                cell.retired = true;
                cells.remove(cell.token, cell);
                nowRetired.add(cell);
            }
        }
        retired = nowRetired;
        return new DrainedWindow(start, end, rows, refusals, activity, usesTaken);
    }

    /** Flush thread: a window that could not be stored gives its uses back, to be counted in the next one. */
    void putBack(DrainedWindow window) {
        window.usesTaken().forEach((cell, uses) -> cell.uses.add(uses));
    }

    private static Map<String, Long> drainChecks(UsageCell cell) {
        ConcurrentHashMap<String, AtomicLong> map = cell.checks.getAndSet(null);
        if (map == null) {
            return Map.of();
        }
        Map<String, Long> checks = new HashMap<>();
        map.forEach((scopes, at) -> checks.put(scopes, at.get()));
        return checks;
    }

    private static UsageRow row(UsageCell cell, long uses, Instant minute, Map<String, Long> checks) {
        TokenRecord token = cell.token;
        Map<String, Instant> held = new HashMap<>();
        TreeSet<String> checked = new TreeSet<>();
        checks.forEach((values, at) -> {
            for (String value : values.split(" ")) {
                if (!Scope.isValid(value)) {
                    continue; // callers' hints are not trusted input
                }
                checked.add(value);
                Scope granting = granting(token, Scope.of(value));
                if (granting != null) {
                    held.merge(granting.value(), Instant.ofEpochMilli(at), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        });
        return new UsageRow(token.tokenId(), token.owner().id(), uses, Instant.ofEpochMilli(cell.lastUsedMillis),
                shortened(cell.lastSource), minute, held, checked);
    }

    private static DrainedWindow.Refusal refusal(TokenRecord token, RefusalTally tally, long nowMillis) {
        long first = tally.firstMillis;
        long attempts = tally.drainAttempts();
        tally.firstMillis = 0;
        return new DrainedWindow.Refusal(token, tally.reason, shortened(tally.source), attempts,
                Instant.ofEpochMilli(first == 0 ? nowMillis : first));
    }

    private static String shortened(String source) {
        return source != null && source.length() > MAX_SOURCE_LENGTH ? source.substring(0, MAX_SOURCE_LENGTH) : source;
    }

    /**
     * The held scope a check used, by token-api's {@link Scope#covers}: the scope itself if held,
     * else the system wildcard, else tokens:admin (the narrowest grant that allowed it); null if none.
     */
    static Scope granting(TokenRecord token, Scope wanted) {
        Scope best = null;
        for (Scope held : token.scopes().scopes()) {
            if (!held.covers(wanted)) {
                continue;
            }
            if (held.equals(wanted)) {
                return held;
            }
            if (best == null || best.equals(Scope.ADMIN)) {
                best = held;
            }
        }
        return best;
    }
}
