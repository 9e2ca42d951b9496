package org.tokensuite.command.aggregate;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokensuite.api.command.RegisterSystem;
import org.tokensuite.api.event.SystemChanged;
import org.tokensuite.api.event.SystemRegistered;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.command.rule.TokenStateConflict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeSystemTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final SystemName BILLING = new SystemName("billing");
    private static final Actor ADMIN = new Actor("tok_0123456789abcdef0123456789abcdef", "ops");
    private static final Cause WHY = new Cause("onboarding billing", "req-1");

    private AggregateTestFixture<ScopeSystem> fixture;
    private final List<SystemName> locked = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    private AggregateTestFixture<ScopeSystem> newFixture() {
        AggregateTestFixture<ScopeSystem> fixture = new AggregateTestFixture<>(ScopeSystem.class);
        fixture.registerInjectableResource((CatalogueGate) locked::add);
        return fixture;
    }

    @Test
    void aNewSystemIsRegisteredWithItsActionsUnderTheCatalogueLock() {
        fixture.givenCurrentTime(NOW)
                .when(register(BILLING, "invoices", actions("read", "see invoices", "refund", "refund one")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SystemRegistered(BILLING, "invoices", actions("read", "see invoices", "refund", "refund one"),
                        ADMIN, WHY, NOW))
                .expectResultMessagePayload(new SystemView(BILLING, "invoices",
                        actions("read", "see invoices", "refund", "refund one"), new TreeSet<>(), SystemView.Outcome.REGISTERED));
        assertThat(locked).containsExactly(BILLING);
    }

    @Test
    void anActionLeftOutIsRetiredAndANewOneAdded() {
        fixture.givenCurrentTime(NOW).andGiven(registered(actions("read", "see invoices", "refund", "refund one")))
                .when(register(BILLING, "invoices", actions("read", "see invoices", "export", "export all")))
                .expectEvents(new SystemChanged(BILLING, "invoices", actions("export", "export all", "read", "see invoices"),
                        new TreeSet<>(List.of("refund")), ADMIN, WHY, NOW));
    }

    @Test
    void aRetiredActionStaysRetiredUntilItIsPutBack() {
        SystemChanged retired = new SystemChanged(BILLING, "invoices", actions("read", "see invoices"),
                new TreeSet<>(List.of("refund")), ADMIN, WHY, NOW);
        fixture.givenCurrentTime(NOW).andGiven(registered(actions("read", "see invoices", "refund", "refund one")), retired)
                .when(register(BILLING, "invoices and exports", actions("read", "see invoices")))
                .expectEvents(new SystemChanged(BILLING, "invoices and exports", actions("read", "see invoices"),
                        new TreeSet<>(List.of("refund")), ADMIN, WHY, NOW));
        fixture.givenCurrentTime(NOW).andGiven(registered(actions("read", "see invoices", "refund", "refund one")), retired)
                .when(register(BILLING, "invoices", actions("read", "see invoices", "refund", "refund one again")))
                .expectEvents(new SystemChanged(BILLING, "invoices", actions("read", "see invoices", "refund", "refund one again"),
                        new TreeSet<>(), ADMIN, WHY, NOW));
    }

    @Test
    void theSameDefinitionAgainRecordsNothing() {
        fixture.givenCurrentTime(NOW).andGiven(registered(actions("read", "see invoices")))
                .when(register(BILLING, "invoices", actions("read", "see invoices")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new SystemView(BILLING, "invoices", actions("read", "see invoices"),
                        new TreeSet<>(), SystemView.Outcome.UNCHANGED));
        assertThat(locked).isEmpty();
    }

    @Test
    void aChangedDescriptionAloneIsAChange() {
        fixture.givenCurrentTime(NOW).andGiven(registered(actions("read", "see invoices")))
                .when(register(BILLING, "invoices of customers", actions("read", "see invoices")))
                .expectEvents(new SystemChanged(BILLING, "invoices of customers", actions("read", "see invoices"),
                        new TreeSet<>(), ADMIN, WHY, NOW));
    }

    @Test
    void theSuitesOwnSystemsCannotBeRegisteredOrChanged() {
        for (String own : List.of("tokens", "users", "audit")) {
            newFixture().givenCurrentTime(NOW)
                    .when(register(new SystemName(own), "mine now", actions("read", "everything")))
                    .expectException(TokenStateConflict.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("suite's own"))
                    .expectNoEvents();
        }
        assertThat(locked).isEmpty();
    }

    private static SystemRegistered registered(TreeMap<String, String> actions) {
        return new SystemRegistered(BILLING, "invoices", actions, ADMIN, WHY, NOW);
    }

    private static RegisterSystem register(SystemName system, String description, TreeMap<String, String> actions) {
        return new RegisterSystem(system, description, actions, ADMIN, WHY);
    }

    private static TreeMap<String, String> actions(String... pairs) {
        TreeMap<String, String> actions = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            actions.put(pairs[i], pairs[i + 1]);
        }
        return actions;
    }
}
