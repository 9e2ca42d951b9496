package org.tokensuite.command.catalogue;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.api.command.RegisterSystem;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.command.config.TokenPolicyProperties;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code tokens.policy.known-scopes} ({@code TOKENS_POLICY_KNOWN_SCOPES}) seeds an empty catalogue: on a start
 * whose event store holds no catalogue event, each system it names outside the suite's own is registered,
 * actor {@code system:bootstrap}, cause "seeded from TOKENS_POLICY_KNOWN_SCOPES". {@code billing:read} makes
 * the action {@code read} of {@code billing}; {@code billing:*} the action {@code *} (every action of billing,
 * as the setting meant before the catalogue). Once the catalogue holds anything the setting is not read again:
 * systems are changed with {@code PUT /v1/systems/{system}}. Instances starting together take turns under a
 * PostgreSQL advisory lock, so the catalogue is seeded once.
 */
@Component
public class CatalogueSeed implements ApplicationRunner {

    static final String REASON = "seeded from TOKENS_POLICY_KNOWN_SCOPES";

    private static final Logger log = LoggerFactory.getLogger(CatalogueSeed.class);

    private final Map<SystemName, SortedMap<String, String>> seeds;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public CatalogueSeed(TokenPolicyProperties properties, CommandGateway commands, JdbcTemplate jdbc,
                         PlatformTransactionManager transactionManager) {
        // Parsed at construction: a malformed setting stops the start, as it always did.
        this.seeds = systems(properties.knownScopes() == null ? List.of() : properties.knownScopes());
        this.commands = commands;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** The systems {@code knownScopes} names outside the suite's own, each with its actions. */
    static Map<SystemName, SortedMap<String, String>> systems(List<String> knownScopes) {
        Map<SystemName, SortedMap<String, String>> systems = new TreeMap<>();
        for (String value : knownScopes) {
            if (value == null || value.isBlank()) {
                continue;
            }
            Scope scope;
            try {
                scope = Scope.of(value.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("tokens.policy.known-scopes (TOKENS_POLICY_KNOWN_SCOPES): " + e.getMessage());
            }
            SystemName system = new SystemName(scope.system());
            if (system.isBuiltIn()) {
                continue; // the suite's own scopes are built in
            }
            systems.computeIfAbsent(system, s -> new TreeMap<>()).put(scope.action(),
                    scope.isWildcard() ? "every action (" + REASON + ")" : REASON);
        }
        return systems;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (seeds.isEmpty()) {
            return;
        }
        // The commands join this transaction, so the lock is held until their events are committed.
        transactions.executeWithoutResult(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext('tokens.scope-catalogue-seed'))", rs -> null);
            seedIfEmpty();
        });
    }

    private void seedIfEmpty() {
        // scope_systems commits with every catalogue event (CatalogueRegistry): one row means the catalogue is not
        // empty, and reading it costs nothing however large the event store is.
        Boolean seeded = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM scope_systems)", Boolean.class);
        if (Boolean.TRUE.equals(seeded)) {
            log.info("the scope catalogue is not empty: TOKENS_POLICY_KNOWN_SCOPES is not seeded again");
            return;
        }
        Actor bootstrap = Actor.system("bootstrap");
        for (Map.Entry<SystemName, SortedMap<String, String>> system : seeds.entrySet()) {
            commands.sendAndWait(new RegisterSystem(system.getKey(), REASON, system.getValue(), bootstrap,
                    new Cause(REASON, "bootstrap:scope-catalogue")));
        }
        log.info("seeded the scope catalogue with {} system(s) from TOKENS_POLICY_KNOWN_SCOPES: {}", seeds.size(),
                seeds.keySet());
    }
}
