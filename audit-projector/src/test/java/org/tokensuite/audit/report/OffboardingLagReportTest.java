package org.tokensuite.audit.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.audit.access.Events.issued;
import static org.tokensuite.audit.access.Events.offboarded;
import static org.tokensuite.audit.access.Events.revoked;

class OffboardingLagReportTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String FAST = "tok_" + "1".repeat(32);
    private static final String SLOW = "tok_" + "2".repeat(32);
    private static final String NEVER = "tok_" + "3".repeat(32);
    private static final String ENDED_BEFORE = "tok_" + "4".repeat(32);

    @Test
    void tokensRevokedWithinTheGraceAreFineAndLateOrLiveOnesAreFindingsWithTheirLag() {
        OffboardingLagReport report = new OffboardingLagReport(Duration.ofSeconds(5));
        Instant offboarding = T0.plusSeconds(3600);
        report.apply(issued(FAST, "bob", T0, null, T0.plus(Duration.ofDays(10)), "1111", "a:b"));
        report.apply(issued(SLOW, "bob", T0, null, T0.plus(Duration.ofDays(10)), "2222", "a:b"));
        report.apply(issued(NEVER, "bob", T0, null, T0.plus(Duration.ofDays(10)), "3333", "a:b"));
        report.apply(issued(ENDED_BEFORE, "bob", T0, null, T0.plus(Duration.ofDays(10)), "4444", "a:b"));
        report.apply(revoked(ENDED_BEFORE, "bob", T0.plusSeconds(60)));
        report.apply(offboarded("bob", offboarding));
        report.apply(revoked(FAST, "bob", offboarding.plusSeconds(2)));
        report.apply(revoked(SLOW, "bob", offboarding.plusSeconds(90)));

        OffboardingLagReport.Result result = report.result(offboarding.plusSeconds(600));

        assertThat(result.ok()).isFalse();
        assertThat(result.lateTokens()).isEqualTo(2);
        assertThat(result.maxLag()).isEqualTo(Duration.ofSeconds(600));
        assertThat(result.offboardings()).singleElement().satisfies(o -> {
            assertThat(o.ownerId()).isEqualTo("bob");
            assertThat(o.tokens()).extracting(OffboardingLagReport.TokenLag::tokenId)
                    .containsExactly(FAST, SLOW, NEVER);
            assertThat(o.tokens().get(0).withinGrace()).isTrue();
            assertThat(o.tokens().get(0).lag()).isEqualTo(Duration.ofSeconds(2));
            assertThat(o.tokens().get(1).withinGrace()).isFalse();
            assertThat(o.tokens().get(1).lag()).isEqualTo(Duration.ofSeconds(90));
            assertThat(o.tokens().get(2).stillActive()).isTrue();
        });
    }

    @Test
    void offboardingWhoseTokensAllEndInTimeIsOkAndReportsTheLargestLag() {
        OffboardingLagReport report = new OffboardingLagReport(Duration.ofSeconds(5));
        report.apply(issued(FAST, "bob", T0, null, T0.plus(Duration.ofDays(10)), "1111", "a:b"));
        report.apply(offboarded("bob", T0.plusSeconds(10)));
        report.apply(revoked(FAST, "bob", T0.plusSeconds(13)));

        OffboardingLagReport.Result result = report.result(T0.plusSeconds(100));

        assertThat(result.ok()).isTrue();
        assertThat(result.maxLag()).isEqualTo(Duration.ofSeconds(3));
    }
}
