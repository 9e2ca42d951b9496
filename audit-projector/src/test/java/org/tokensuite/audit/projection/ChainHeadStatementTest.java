package org.tokensuite.audit.projection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tokensuite.audit.projection.AuditLogWriter.NewAuditEntry;
import org.tokensuite.testsupport.MigratedDatabase;
import org.tokensuite.testsupport.StatementLog;
import org.tokensuite.testsupport.TestDatabase;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer reads the chain's head before every batch it appends, with a prepared statement, which the driver keeps
 * on the server once it has run a few times; a plain statement is parsed and planned again at every batch.
 */
class ChainHeadStatementTest {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("audit-chain-head", Map.of("writer_role", "tokens_audit_writer"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void everyBatchReadsTheChainHeadWithAPreparedStatementAndChainsOnIt() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
                database.password());
        StatementLog statements = new StatementLog(dataSource);
        AuditLogWriter writer = new AuditLogWriter(new JdbcTemplate(statements.dataSource()), (seq, hash) -> { },
                new LoggedTokens(), new SimpleMeterRegistry());

        for (int i = 1; i <= 6; i++) {
            writer.append(new NewAuditEntry("event-" + i, "TokenRevoked", "tok_" + i, "alice", "admin", "admin",
                    "ticket " + i, "req:" + i, Instant.parse("2026-12-04T10:00:00Z").plusSeconds(i),
                    JsonNodeFactory.instance.objectNode(), 0L));
        }

        assertThat(statements.prepared()).filteredOn(AuditLogWriter.HEAD::equals).hasSize(6);
        JdbcTemplate plain = new JdbcTemplate(dataSource);
        assertThat(plain.queryForList("SELECT seq FROM audit_entry ORDER BY seq", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(plain.queryForObject("SELECT count(*) FROM audit_entry a JOIN audit_entry b ON b.seq = a.seq + 1"
                + " WHERE b.prev_hash = a.hash", Long.class)).as("each entry chained on the head before it").isEqualTo(5L);
    }
}
