package org.tokensuite.audit.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeCoverageTest {

    @Test
    void wildcardCoversEveryActionOfItsOwnSystemOnly() {
        assertThat(ScopeCoverage.covers("billing:*", "billing:read")).isTrue();
        assertThat(ScopeCoverage.covers("billing:*", "billingx:read")).isFalse();
        assertThat(ScopeCoverage.covers("billing:*", "reports:read")).isFalse();
    }

    @Test
    void adminCoversEverythingAndOtherScopesOnlyThemselves() {
        assertThat(ScopeCoverage.covers("tokens:admin", "audit:read")).isTrue();
        assertThat(ScopeCoverage.covers("audit:read", "audit:read")).isTrue();
        assertThat(ScopeCoverage.covers("audit:write", "audit:read")).isFalse();
        assertThat(ScopeCoverage.holds(List.of("a:b", "audit:read"), "audit:read")).isTrue();
        assertThat(ScopeCoverage.holds(List.of(), "audit:read")).isFalse();
    }
}
