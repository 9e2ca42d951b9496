package org.tokensuite.command.catalogue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.command.aggregate.CatalogueGate;
import org.tokensuite.command.lock.LockThenRead;
import org.tokensuite.command.lock.LockedRead;
import org.tokensuite.command.policy.ScopeCatalogue;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalogue in token-command's database ({@code scope_systems}, kept by {@link CatalogueRegistry} in the
 * transaction of each system event), read and locked per system with PostgreSQL transaction-scoped advisory
 * locks, so every token-command instance on the database agrees: a grant reads under a shared lock, a change
 * of the system takes it exclusively. Grants do not wait for each other; a retirement waits for the grants
 * in flight, and a grant after it reads the retirement.
 */
@Component
public class JdbcScopeCatalogue implements ScopeCatalogue, CatalogueGate {

    /** The first key of the two-key advisory locks: its own key space, apart from the owner locks' hashtext keys. */
    static final int LOCK_SPACE = 0x5C0BE;

    static final String READ = "SELECT system, actions, retired_actions FROM scope_systems WHERE system = ANY (CAST(? AS text[]))";
    static final String LOCK = "SELECT pg_advisory_xact_lock_shared(?, hashtext(s)) FROM unnest(CAST(? AS text[])) s";

    // One system, the usual request: statements whose plan does not depend on the value, so the server keeps one
    // generic plan after their first few runs; the list forms are planned again at every run (README, "Statements
    // planned once").
    static final String READ_ONE = "SELECT system, actions, retired_actions FROM scope_systems WHERE system = ?";
    static final String LOCK_ONE = "SELECT pg_advisory_xact_lock_shared(?, hashtext(?))";

    private static final RowMapper<Map.Entry<SystemName, SystemActions>> ROWS = (rs, row) -> Map.entry(
            new SystemName(rs.getString(1)), new SystemActions(Set.copyOf(strings(rs.getArray(2))), Set.copyOf(strings(rs.getArray(3)))));

    private final JdbcTemplate jdbc;
    private final LockThenRead locked;

    public JdbcScopeCatalogue(JdbcTemplate jdbc, LockThenRead locked) {
        this.jdbc = jdbc;
        this.locked = locked;
    }

    @Override
    public Map<SystemName, SystemActions> systems(Set<SystemName> systems) {
        // Read by a statement of its own, after the locks (see LockThenRead): it sees what a change that held a lock
        // before committed. Outside a transaction (a listing) there is nothing to hold them for.
        LockedRead<Map.Entry<SystemName, SystemActions>> read = lockedRead(systems);
        List<Map.Entry<SystemName, SystemActions>> found = TransactionSynchronizationManager.isActualTransactionActive()
                ? locked.query(read)
                : jdbc.query(read.read(), read.rows(), read.readArgs().toArray());
        return found.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * The shared locks of {@code systems} and the read of their entries, as {@link #systems} sends them inside a
     * transaction: what an issue reads ahead together with its owner's (issue.IssueReadAhead).
     */
    public LockedRead<Map.Entry<SystemName, SystemActions>> lockedRead(Set<SystemName> systems) {
        String[] names = systems.stream().map(SystemName::value).sorted().toArray(String[]::new);
        boolean one = names.length == 1;
        Object keys = one ? names[0] : names;
        return new LockedRead<>(one ? LOCK_ONE : LOCK, List.of(LOCK_SPACE, keys), one ? READ_ONE : READ, List.of(keys), ROWS);
    }

    @Override
    public void lockForChange(SystemName system) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the catalogue lock needs a surrounding transaction");
        }
        jdbc.query("SELECT pg_advisory_xact_lock(?, hashtext(?))", rs -> null, LOCK_SPACE, system.value());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
