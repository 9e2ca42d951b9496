package org.tokensuite.command.user;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.testsupport.MigratedDatabase;
import org.tokensuite.testsupport.StatementLog;
import org.tokensuite.testsupport.TestDatabase;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An issued token's owner row and secret hash, written by two registries, reach PostgreSQL in one round trip when
 * the batch that handled the event commits; a batch rolled back writes neither, and a write that fails fails the
 * commit (and so the command).
 */
class DeferredWritesTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private static TestDatabase database;

    private JdbcTemplate plain;
    private StatementLog statements;
    private UserRegistry users;
    private SecretHashRegistry hashes;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("command-deferred-writes", Map.of());
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @BeforeEach
    void registries() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
                database.password());
        plain = new JdbcTemplate(dataSource);
        plain.update("DELETE FROM user_tokens");
        plain.update("DELETE FROM token_secret_hashes");
        statements = new StatementLog(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(statements.dataSource());
        DeferredWrites deferred = new DeferredWrites(jdbc);
        users = new UserRegistry(jdbc, deferred);
        hashes = new SecretHashRegistry(jdbc, deferred);
    }

    @Test
    void anIssuedTokensOwnerRowAndSecretHashAreWrittenInOneRoundTripWhenTheBatchCommits() {
        TokenIssued issued = issued("a");
        UnitOfWork<?> batch = handledInOneBatch(issued);
        assertThat(statements.prepared()).as("nothing is sent before the commit").isEmpty();
        batch.commit();

        assertThat(statements.prepared()).hasSize(1);
        assertThat(ownerOf(issued.tokenId())).containsExactly("alice");
        assertThat(tokenOfHash("a")).containsExactly(issued.tokenId().value());
    }

    @Test
    void aBatchRolledBackWritesNeither() {
        TokenIssued issued = issued("b");
        UnitOfWork<?> batch = handledInOneBatch(issued);
        batch.rollback();

        assertThat(statements.prepared()).isEmpty();
        assertThat(ownerOf(issued.tokenId())).isEmpty();
        assertThat(tokenOfHash("b")).isEmpty();
    }

    @Test
    void aWriteThatFailsFailsTheCommit() {
        plain.update("ALTER TABLE token_secret_hashes ADD CONSTRAINT refuse_all CHECK (false) NOT VALID");
        try {
            TokenIssued issued = issued("c");
            UnitOfWork<?> batch = handledInOneBatch(issued);

            assertThatThrownBy(batch::commit).hasMessageContaining("refuse_all");
        } finally {
            plain.update("ALTER TABLE token_secret_hashes DROP CONSTRAINT refuse_all");
        }
    }

    @Test
    void withoutAUnitOfWorkEachWriteIsSentAtOnce() {
        TokenIssued issued = issued("d");
        users.on(issued);

        assertThat(ownerOf(issued.tokenId())).containsExactly("alice");
    }

    /** Both registries handle {@code issued} in a batch that is left running. */
    private UnitOfWork<?> handledInOneBatch(TokenIssued issued) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        users.on(issued);
        hashes.on(issued);
        return batch;
    }

    private static TokenIssued issued(String hashLetter) {
        return new TokenIssued(TokenId.random(), new UserId("alice"), "deploys", Set.of(Scope.of("billing:read")),
                new TokenHash(hashLetter.repeat(64)), "hint", null, T0.plusSeconds(86_400), List.of(), null,
                Actor.system("test"), new Cause("test", null), T0);
    }

    private List<String> ownerOf(TokenId tokenId) {
        return plain.queryForList("SELECT user_id FROM user_tokens WHERE token_id = ?", String.class, tokenId.value());
    }

    private List<String> tokenOfHash(String hashLetter) {
        return plain.queryForList("SELECT token_id FROM token_secret_hashes WHERE secret_hash = ?", String.class,
                hashLetter.repeat(64));
    }
}
