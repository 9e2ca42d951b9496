package org.tokensuite.command.bootstrap;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.api.command.IssueToken;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.ScopeSystem;
import org.tokensuite.command.policy.ExpiryPolicy;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Nothing is open without a token, so the very first one comes from configuration: on a start
 * with an empty event store (the scope catalogue's events aside: it may have been seeded first), the configured token is issued as a {@code tokens:admin} token. A
 * malformed configured token stops the start (checked before anything else runs). Instances
 * starting together on one event store take turns (a PostgreSQL advisory lock around the check and
 * the issue), so only the first issues it.
 */
@Component
public class BootstrapAdminToken implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminToken.class);

    /** The aggregate type the event store records for the scope catalogue's events. */
    private static final String CATALOGUE_AGGREGATE = ScopeSystem.class.getSimpleName();

    private final BootstrapProperties properties;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final ExpiryPolicy expiry;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public BootstrapAdminToken(BootstrapProperties properties, CommandGateway commands, JdbcTemplate jdbc,
                               ExpiryPolicy expiry, Clock clock, PlatformTransactionManager transactionManager) {
        String token = properties.adminToken();
        if (token != null && !token.isBlank() && !TokenSecrets.isWellFormed(token.trim())) {
            throw new IllegalStateException("tokens.bootstrap.admin-token (TOKENS_BOOTSTRAP_ADMIN_TOKEN) is not a well-formed "
                    + "token of this suite (tkn_ prefix, " + TokenSecrets.LENGTH + " characters, valid checksum); refusing to start");
        }
        if (!UserId.isValid(properties.ownerId())) {
            throw new IllegalStateException("tokens.bootstrap.owner-id is not a valid user id; refusing to start");
        }
        this.properties = properties;
        this.commands = commands;
        this.jdbc = jdbc;
        this.expiry = expiry;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void run(ApplicationArguments args) {
        String token = properties.adminToken();
        if (token == null || token.isBlank()) {
            return;
        }
        // The command joins this transaction, so the lock is held until its event is committed.
        transactions.executeWithoutResult(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext('tokens.bootstrap-admin-token'))", rs -> null);
            issueIfEmpty(token);
        });
    }

    private void issueIfEmpty(String token) {
        // The scope catalogue's events do not count: the catalogue may be seeded (by this instance or one starting
        // beside it) before this runs, and the store then still holds no token or user.
        Boolean anyEvent = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM domainevententry WHERE type <> ?)",
                Boolean.class, CATALOGUE_AGGREGATE);
        if (Boolean.TRUE.equals(anyEvent)) {
            log.info("event store is not empty: the bootstrap admin token is not issued again");
            return;
        }
        String secret = token.trim();
        TokenId tokenId = TokenId.random();
        Set<Scope> admin = Set.of(Scope.ADMIN);
        commands.sendAndWait(new IssueToken(tokenId, new UserId(properties.ownerId()), "bootstrap admin token", admin,
                TokenSecrets.hash(secret), TokenSecrets.hint(secret), null,
                clock.instant().plus(expiry.capped(properties.ttl())), List.of(), null, admin,
                Actor.system("bootstrap"), new Cause("bootstrap admin token for an empty event store", "bootstrap")));
        log.info("issued the bootstrap admin token {} for owner {}", tokenId, properties.ownerId());
    }
}
