package org.tokensuite.query.catalogue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.platform.event.EventWireFormat;
import org.tokensuite.query.projection.StoredText;

import java.io.IOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the catalogue view, and for each retired action the tokens of the token view that still hold it,
 * computed at query time so it follows every re-scope, revocation and expiry.
 */
@Component
public class SystemCatalogueQueries {

    /** Holders listed per retired action; the count says how many there are in all. */
    static final int MAX_HOLDERS = 500;

    private static final ObjectMapper JSON = EventWireFormat.objectMapper();
    private static final String COLUMNS = "system, description, actions, retired_actions, registered_at, changed_at";
    // A token past its expiry is no longer a holder, even before its TokenExpired arrives.
    private static final String HOLDING = "FROM tokens WHERE scope_index @> CAST(? AS text[]) AND state IN ('active','suspended') "
            + "AND LEAST(expires_at, expires_unless_rotated_by) > now()";

    private final JdbcTemplate jdbc;

    public SystemCatalogueQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<CatalogueSystem> all() {
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM systems ORDER BY system", (rs, n) -> row(rs));
        return rows.stream().map(this::withHolders).toList();
    }

    public Optional<CatalogueSystem> one(String system) {
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM systems WHERE system = ?", (rs, n) -> row(rs),
                StoredText.encode(system));
        return rows.stream().findFirst().map(this::withHolders);
    }

    private CatalogueSystem withHolders(Row row) {
        List<CatalogueSystem.RetiredAction> retired = new ArrayList<>();
        for (String action : row.retired()) {
            String scope = row.system() + ":" + action;
            String[] wanted = {scope};
            Integer count = jdbc.queryForObject("SELECT count(*) " + HOLDING, Integer.class, (Object) wanted);
            List<CatalogueSystem.Holder> holders = jdbc.query("SELECT token_id, owner_id, name, state " + HOLDING
                            + " ORDER BY token_id LIMIT " + MAX_HOLDERS,
                    (rs, n) -> new CatalogueSystem.Holder(StoredText.decode(rs.getString(1)), StoredText.decode(rs.getString(2)),
                            StoredText.decode(rs.getString(3)), rs.getString(4)), (Object) wanted);
            int total = count == null ? 0 : count;
            retired.add(new CatalogueSystem.RetiredAction(action, scope, total, total > holders.size(), holders));
        }
        return new CatalogueSystem(row.system(), row.description(), row.actions(), retired, row.registeredAt(), row.changedAt());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(StoredText.decode(rs.getString(1)), StoredText.decode(rs.getString(2)),
                actions(StoredText.decode(rs.getString(3))), strings(rs.getArray(4)), instant(rs.getTimestamp(5)),
                instant(rs.getTimestamp(6)));
    }

    private static Map<String, String> actions(String json) {
        try {
            return json == null ? Map.of() : new TreeMap<>(JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { }));
        } catch (IOException e) {
            throw new IllegalStateException("stored actions are not JSON", e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            values.add(StoredText.decode((String) value));
        }
        return values;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record Row(String system, String description, Map<String, String> actions, List<String> retired,
                       Instant registeredAt, Instant changedAt) {
    }
}
