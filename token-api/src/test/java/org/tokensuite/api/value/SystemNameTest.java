package org.tokensuite.api.value;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.command.RegisterSystem;

import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SystemNameTest {

    private static final Actor ADMIN = new Actor("tok_0123456789abcdef0123456789abcdef", "ops");

    @Test
    void aSystemNameFollowsTheSystemPartOfAScope() {
        assertThat(SystemName.isValid("billing")).isTrue();
        assertThat(SystemName.isValid("data-lake2")).isTrue();
        assertThat(SystemName.isValid("Billing")).isFalse();
        assertThat(SystemName.isValid("2fa")).isFalse();
        assertThat(SystemName.isValid("bill_ing")).isFalse();
        assertThat(SystemName.isValid("billing:read")).isFalse();
        assertThat(SystemName.isValid("a".repeat(33))).isFalse();
        assertThatThrownBy(() -> new SystemName("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anActionFollowsTheActionPartOfAScope() {
        assertThat(SystemName.isValidAction("read")).isTrue();
        assertThat(SystemName.isValidAction("invoices.export_v2")).isTrue();
        assertThat(SystemName.isValidAction("*")).isTrue();
        assertThat(SystemName.isValidAction("Read")).isFalse();
        assertThat(SystemName.isValidAction("re*")).isFalse();
        assertThat(SystemName.isValidAction("")).isFalse();
    }

    @Test
    void theSuitesOwnSystemsAreBuiltIn() {
        assertThat(new SystemName("tokens").isBuiltIn()).isTrue();
        assertThat(new SystemName("users").isBuiltIn()).isTrue();
        assertThat(new SystemName("audit").isBuiltIn()).isTrue();
        assertThat(new SystemName("billing").isBuiltIn()).isFalse();
    }

    @Test
    void aRegistrationRefusesMissingOrUncleanTextNamingTheField() {
        assertThatThrownBy(() -> register("", actions("read", "see")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("description");
        assertThatThrownBy(() -> register("billing", actions("read", "see\u0000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actions.read");
        assertThatThrownBy(() -> register("billing", actions("Read", "see")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action name");
        assertThatThrownBy(() -> register("billing", new TreeMap<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one action");
        assertThatThrownBy(() -> register("x".repeat(501), actions("read", "see")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 500");
    }

    private static RegisterSystem register(String description, TreeMap<String, String> actions) {
        return new RegisterSystem(new SystemName("billing"), description, actions, ADMIN, Cause.of(null));
    }

    private static TreeMap<String, String> actions(String action, String description) {
        TreeMap<String, String> actions = new TreeMap<>();
        actions.put(action, description);
        return actions;
    }
}
