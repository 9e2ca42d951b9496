package org.tokensuite.audit.report;

import org.junit.jupiter.api.Test;
import org.tokensuite.audit.access.ValidToken;
import org.tokensuite.audit.usage.LastUse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StaleTokenReportTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Instant ISSUED = NOW.minus(Duration.ofDays(100));

    private static ValidToken token(String id, Instant lastRotatedAt) {
        return new ValidToken(id, "alice", "ci", List.of("a:b"), ISSUED, NOW.plus(Duration.ofDays(10)), List.of("ab12"),
                ISSUED, lastRotatedAt);
    }

    @Test
    void aRecentUseKeepsAnOldTokenFreshAndAnOldUseMakesItStaleOnThatBasis() {
        StaleTokenReport.Result result = StaleTokenReport.of(List.of(token("used-recently", null), token("used-long-ago", null)),
                Map.of("used-recently", new LastUse("used-recently", "alice", NOW.minus(Duration.ofDays(3)), "10.0.0.1", 7),
                        "used-long-ago", new LastUse("used-long-ago", "alice", NOW.minus(Duration.ofDays(40)), "10.0.0.2", 2)),
                NOW, Duration.ofDays(30));

        assertThat(result.tokens()).singleElement().satisfies(finding -> {
            assertThat(finding.tokenId()).isEqualTo("used-long-ago");
            assertThat(finding.basis()).isEqualTo(StaleTokenReport.LAST_USE);
            assertThat(finding.lastActivity()).isEqualTo(NOW.minus(Duration.ofDays(40)));
            assertThat(finding.idleFor()).isEqualTo(Duration.ofDays(40));
            assertThat(finding.lastSourceAddress()).isEqualTo("10.0.0.2");
            assertThat(finding.usesTotal()).isEqualTo(2);
        });
    }

    @Test
    void aNeverUsedTokenIsJudgedByItsIssueTimeAndARotationIsNotAUse() {
        StaleTokenReport.Result result = StaleTokenReport.of(
                List.of(token("rotated-yesterday", NOW.minus(Duration.ofDays(1)))), Map.of(), NOW, Duration.ofDays(30));

        assertThat(result.tokens()).singleElement().satisfies(finding -> {
            assertThat(finding.basis()).isEqualTo(StaleTokenReport.ISSUED_NEVER_USED);
            assertThat(finding.lastActivity()).isEqualTo(ISSUED);
            assertThat(finding.usesTotal()).isZero();
        });
    }

    @Test
    void aTokenIssuedWithinTheWindowAndNeverUsedIsNotYetStale() {
        StaleTokenReport.Result result = StaleTokenReport.of(List.of(token("new", null)), Map.of(), NOW, Duration.ofDays(101));

        assertThat(result.tokens()).isEmpty();
    }
}
