package org.tokensuite.query.usage;

import org.junit.jupiter.api.Test;
import org.tokensuite.query.index.TokenRecord;
import org.tokensuite.query.signal.TokenActivity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;
import static org.tokensuite.query.support.TokenRecords.properties;
import static org.tokensuite.query.support.TokenRecords.record;

/** What one token's tallies become when a window is drained (defaults: refusal interval 1 min, idle eviction 1 h). */
class UsageWindowTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:05Z");

    private final UsageWindow window = new UsageWindow(properties());
    private final TokenRecord token = record(issued(newTokenId(), newOwner(), newSecret(),
            "billing:read", "reports:*"));

    private void use(Instant at, String source, String checkedScopes) {
        window.cell(token).used(at.toEpochMilli(), source, checkedScopes, 32);
    }

    private void refuse(Instant at, String reason, String source) {
        window.cell(token).refused(reason, source, at.toEpochMilli());
    }

    private static Instant plus(Instant at, String duration) {
        return at.plus(Duration.parse(duration));
    }

    @Test
    void usesAreDrainedIntoOneRowAndTheNextWindowStartsEmpty() {
        use(T0, "198.51.100.7", null);
        use(plus(T0, "PT1S"), "198.51.100.7", null);
        use(plus(T0, "PT2S"), "198.51.100.8", null);

        DrainedWindow drained = window.drain(T0, plus(T0, "PT10S"));

        assertThat(drained.start()).isEqualTo(T0);
        assertThat(drained.end()).isEqualTo(plus(T0, "PT10S"));
        assertThat(drained.rows()).singleElement().satisfies(row -> {
            assertThat(row.tokenId()).isEqualTo(token.tokenId());
            assertThat(row.ownerId()).isEqualTo(token.owner().id());
            assertThat(row.uses()).isEqualTo(3);
            assertThat(row.lastUsedAt()).isEqualTo(plus(T0, "PT2S"));
            assertThat(row.lastSource()).isEqualTo("198.51.100.8");
            assertThat(row.minute()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        });
        assertThat(drained.refusals()).isEmpty();
        DrainedWindow next = window.drain(plus(T0, "PT10S"), plus(T0, "PT20S"));
        assertThat(next.rows()).isEmpty();
        assertThat(next.activity()).isEmpty();
    }

    @Test
    void checkedScopesAreAttributedToTheHeldScopeThatGrantedThem() {
        use(T0, "198.51.100.7", "billing:read");
        use(plus(T0, "PT1S"), "198.51.100.7", "reports:export billing:read not//a//scope other:thing");

        UsageRow row = window.drain(T0, plus(T0, "PT10S")).rows().get(0);

        assertThat(row.scopesChecked()).containsExactly("billing:read", "other:thing", "reports:export");
        assertThat(row.heldChecked()).containsOnlyKeys("billing:read", "reports:*");
        assertThat(row.heldChecked().get("billing:read")).isEqualTo(plus(T0, "PT1S"));
    }

    @Test
    void aWindowThatCouldNotBeStoredGivesItsUsesBackToTheNext() {
        use(T0, "198.51.100.7", null);
        use(T0, "198.51.100.7", null);
        window.putBack(window.drain(T0, plus(T0, "PT10S")));
        use(plus(T0, "PT12S"), "198.51.100.7", null);

        assertThat(window.drain(T0, plus(T0, "PT20S")).rows()).singleElement()
                .satisfies(row -> assertThat(row.uses()).isEqualTo(3));
    }

    @Test
    void aRefusalIsDueAtTheNextDrainAndLaterOnesWaitForTheIntervalCounted() {
        refuse(T0, "revoked", "203.0.113.9");
        refuse(plus(T0, "PT1S"), "revoked", "203.0.113.9");

        assertThat(window.drain(T0, plus(T0, "PT10S")).refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.token()).isSameAs(token);
            assertThat(refusal.reason()).isEqualTo("revoked");
            assertThat(refusal.source()).isEqualTo("203.0.113.9");
            assertThat(refusal.attempts()).isEqualTo(2);
            assertThat(refusal.firstAttemptAt()).isEqualTo(T0);
        });

        refuse(plus(T0, "PT15S"), "revoked", "203.0.113.9");
        refuse(plus(T0, "PT16S"), "suspended", "203.0.113.10");
        assertThat(window.drain(plus(T0, "PT10S"), plus(T0, "PT20S")).refusals()).isEmpty();
        assertThat(window.drain(plus(T0, "PT20S"), plus(T0, "PT70S")).refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.attempts()).isEqualTo(2);
            assertThat(refusal.firstAttemptAt()).isEqualTo(plus(T0, "PT15S"));
            assertThat(refusal.reason()).isEqualTo("suspended");
            assertThat(refusal.source()).isEqualTo("203.0.113.10");
        });
        assertThat(window.drain(plus(T0, "PT70S"), plus(T0, "PT200S")).refusals()).isEmpty();
    }

    @Test
    void refusalsAreNotUses() {
        refuse(T0, "expired", "203.0.113.9");
        DrainedWindow drained = window.drain(T0, plus(T0, "PT10S"));
        assertThat(drained.rows()).isEmpty();
        assertThat(drained.activity()).isEmpty();
    }

    @Test
    void presentationsFromOutsideTheAllowedNetworksAreCountedForTheRules() {
        refuse(T0, RefusalReasons.OUTSIDE_ALLOWED_CIDRS, "192.168.7.6");
        refuse(T0, RefusalReasons.OUTSIDE_ALLOWED_CIDRS, "192.168.7.7");
        refuse(T0, "revoked", "192.168.7.8");

        DrainedWindow drained = window.drain(T0, plus(T0, "PT10S"));

        assertThat(drained.activity()).singleElement().satisfies(counts -> {
            assertThat(counts.token()).isSameAs(token);
            assertThat(counts.uses()).isZero();
            assertThat(counts.outsideAttempts()).isEqualTo(2);
            assertThat(counts.outsideSource()).isEqualTo("192.168.7.7");
            assertThat(counts.at()).isEqualTo(plus(T0, "PT10S"));
        });
        assertThat(drained.refusals()).singleElement().satisfies(refusal -> assertThat(refusal.attempts()).isEqualTo(3));
        assertThat(window.drain(plus(T0, "PT10S"), plus(T0, "PT20S")).activity()).isEmpty();
    }

    @Test
    void eachWindowsUsesMoveTheTokensRatePerMinute() {
        Instant minute = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 10; i++) {
            Instant start = minute.plus(Duration.ofMinutes(i));
            use(start, "198.51.100.7", null);
            window.drain(start, start.plusSeconds(30));
        }
        Instant busy = minute.plus(Duration.ofMinutes(10));
        for (int i = 0; i < 40; i++) {
            use(busy, "198.51.100.7", null);
        }

        List<TokenActivity.Window> activity = window.drain(busy, busy.plusSeconds(30)).activity();

        assertThat(activity).singleElement().satisfies(counts -> {
            assertThat(counts.minute()).isEqualTo(busy);
            assertThat(counts.uses()).isEqualTo(40);
            assertThat(counts.observedPerMinute()).isEqualTo(40);
            assertThat(counts.baselinePerMinute()).isBetween(0.1, 1.0);
            assertThat(counts.watchedMinutes()).isEqualTo(10);
            assertThat(counts.lastSource()).isEqualTo("198.51.100.7");
        });
    }

    @Test
    void aTokenIdleForTheEvictionTimeIsForgottenWithItsRateHistory() {
        TokenRecord busy = record(issued(newTokenId(), newOwner(), newSecret(), "billing:read"));
        window.cell(token).used(T0.toEpochMilli(), "198.51.100.7", null, 32);
        window.cell(busy).used(T0.toEpochMilli(), "198.51.100.7", null, 32);
        window.drain(T0, plus(T0, "PT10S"));
        window.cell(busy).used(plus(T0, "PT50M").toEpochMilli(), "198.51.100.7", null, 32);
        window.drain(plus(T0, "PT10S"), plus(T0, "PT1H10S")); // token: idle for an hour, evicted
        window.drain(plus(T0, "PT1H10S"), plus(T0, "PT1H20S"));

        Instant later = plus(T0, "PT2H");
        window.cell(token).used(later.toEpochMilli(), "198.51.100.7", null, 32);
        window.cell(busy).used(later.toEpochMilli(), "198.51.100.7", null, 32);
        List<TokenActivity.Window> activity = window.drain(later, plus(later, "PT10S")).activity();

        assertThat(activity).filteredOn(counts -> counts.token() == token).singleElement()
                .satisfies(counts -> assertThat(counts.watchedMinutes()).isZero());
        assertThat(activity).filteredOn(counts -> counts.token() == busy).singleElement()
                .satisfies(counts -> assertThat(counts.watchedMinutes()).isEqualTo(120));
    }
}
