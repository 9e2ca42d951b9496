package org.tokensuite.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;

/**
 * The plan PostgreSQL keeps for a prepared statement once it settles on a generic plan, as it would be
 * made while the statement's tables were still empty.
 * <p>
 * Why this matters: the JDBC driver prepares a statement on the server after a few runs, and the server
 * then reuses one generic plan until the table's statistics change. Where autovacuum is off (or has not
 * run yet), a plan made on a new deployment's empty table is kept however large the table grows: a
 * lookup by a list of keys planned as a table scan stays one. The tests ask for the plan here, with
 * empty copies of the tables (temporary tables of the same definition and indexes shadow them for the
 * one transaction, which is rolled back).
 */
public final class GenericPlans {

    private GenericPlans() {
    }

    /**
     * EXPLAIN of {@code jdbcSql} as a generic plan over empty copies of {@code tables}. Every {@code ?} in the SQL is
     * taken for a parameter (none may stand in a literal or an operator).
     */
    public static String onEmptyTables(TestDatabase database, String jdbcSql, List<String> tables) {
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    statement.execute("CREATE TEMP TABLE " + table + " (LIKE public." + table + " INCLUDING ALL)");
                }
                statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                Numbered sql = numbered(jdbcSql);
                statement.execute("PREPARE plan_probe AS " + sql.sql());
                StringJoiner nulls = new StringJoiner(", ", "(", ")");
                for (int i = 0; i < sql.parameters(); i++) {
                    nulls.add("NULL");
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE plan_probe" + (sql.parameters() == 0 ? "" : nulls))) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not plan: " + jdbcSql + ": " + e.getMessage(), e);
        }
    }

    /**
     * How many of {@code runs} runs of {@code jdbcSql}, prepared once on the server and run with {@code arguments}
     * (SQL literals, one per {@code ?}), the server planned anew for their values instead of reusing its generic
     * plan. It always plans the first five so; a statement whose plan cost depends on its values (a list of keys as an
     * array, say) may go on being planned at every run, which costs more than running it.
     */
    public static long customPlans(TestDatabase database, String jdbcSql, List<String> arguments, int runs) {
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PREPARE plan_count AS " + numbered(jdbcSql).sql());
                String execute = "EXECUTE plan_count" + (arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")");
                for (int i = 0; i < runs; i++) {
                    statement.execute(execute);
                }
                try (ResultSet row = statement.executeQuery(
                        "SELECT custom_plans FROM pg_prepared_statements WHERE name = 'plan_count'")) {
                    row.next();
                    return row.getLong(1);
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + jdbcSql + ": " + e.getMessage(), e);
        }
    }

    /** {@code jdbcSql} with its {@code ?}s numbered as the server's {@code $1, $2, …}, and how many there are. */
    private static Numbered numbered(String jdbcSql) {
        int parameters = 0;
        StringBuilder sql = new StringBuilder();
        for (char c : jdbcSql.toCharArray()) {
            if (c == '?') {
                sql.append('$').append(++parameters);
            } else {
                sql.append(c);
            }
        }
        return new Numbered(sql.toString(), parameters);
    }

    private record Numbered(String sql, int parameters) {
    }
}
