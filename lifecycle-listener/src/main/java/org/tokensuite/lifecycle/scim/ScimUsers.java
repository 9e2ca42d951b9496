package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The people identity providers manage here ({@code scim_user}); no token state. */
@Repository
public class ScimUsers {

    private static final TypeReference<List<ScimUser.Email>> EMAILS = new TypeReference<>() {
    };
    private static final String COLUMNS = "user_name, external_id, active, display_name, given_name, family_name, "
            + "formatted_name, emails::text AS emails, version, created, last_modified";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final RowMapper<ScimUser> rows;

    public ScimUsers(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.rows = (rs, n) -> new ScimUser(rs.getString("user_name"), rs.getString("external_id"), rs.getBoolean("active"),
                rs.getString("display_name"),
                new ScimUser.Name(rs.getString("given_name"), rs.getString("family_name"), rs.getString("formatted_name")),
                emails(rs.getString("emails")), rs.getLong("version"), rs.getTimestamp("created").toInstant(),
                rs.getTimestamp("last_modified").toInstant());
    }

    /** The user whose id (= userName, exactly) this is. */
    public Optional<ScimUser> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM scim_user WHERE user_name = ?", rows, id).stream().findFirst();
    }

    /** One page of the users matching the filter (all when null), in userName order; startIndex counts from 1. */
    public List<ScimUser> page(UserFilter filter, int startIndex, int count) {
        if (count == 0) {
            return List.of();
        }
        Where where = where(filter);
        return jdbc.query("SELECT " + COLUMNS + " FROM scim_user" + where.sql() + " ORDER BY lower(user_name), user_name "
                + "LIMIT ? OFFSET ?", rows, where.args(count, startIndex - 1L));
    }

    public long count(UserFilter filter) {
        Where where = where(filter);
        Long total = jdbc.queryForObject("SELECT count(*) FROM scim_user" + where.sql(), Long.class, where.args());
        return total == null ? 0 : total;
    }

    /** Records a new user at version 1; empty when the userName is taken (compared without case). */
    public Optional<ScimUser> create(String userName, ScimUser.Attributes attributes) {
        Instant now = now();
        ScimUser user = new ScimUser(userName, attributes.externalId(), attributes.active() == null || attributes.active(),
                attributes.displayName(), attributes.name(), attributes.emails(), 1, now, now);
        int inserted = jdbc.update("INSERT INTO scim_user (user_name, external_id, active, display_name, given_name, "
                        + "family_name, formatted_name, emails, version, created, last_modified) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT DO NOTHING",
                user.userName(), user.externalId(), user.active(), user.displayName(), user.name().givenName(),
                user.name().familyName(), user.name().formatted(), write(user.emails()), user.version(),
                Timestamp.from(now), Timestamp.from(now));
        return inserted == 1 ? Optional.of(user) : Optional.empty();
    }

    /**
     * Stores the user's new attributes if it is still at {@code changed.version()}; the stored
     * version is one more. Empty when someone else changed or removed it meanwhile.
     */
    public Optional<ScimUser> update(ScimUser changed) {
        Instant now = now();
        int updated = jdbc.update("UPDATE scim_user SET external_id = ?, active = ?, display_name = ?, given_name = ?, "
                        + "family_name = ?, formatted_name = ?, emails = ?::jsonb, version = version + 1, last_modified = ? "
                        + "WHERE user_name = ? AND version = ?",
                changed.externalId(), changed.active(), changed.displayName(), changed.name().givenName(),
                changed.name().familyName(), changed.name().formatted(), write(changed.emails()), Timestamp.from(now),
                changed.userName(), changed.version());
        if (updated != 1) {
            return Optional.empty();
        }
        return Optional.of(new ScimUser(changed.userName(), changed.externalId(), changed.active(), changed.displayName(),
                changed.name(), changed.emails(), changed.version() + 1, changed.created(), now));
    }

    public boolean delete(String userName) {
        return jdbc.update("DELETE FROM scim_user WHERE user_name = ?", userName) == 1;
    }

    private record Where(String sql, Object... values) {
        Object[] args(Object... more) {
            Object[] all = java.util.Arrays.copyOf(values, values.length + more.length);
            System.arraycopy(more, 0, all, values.length, more.length);
            return all;
        }
    }

    private static Where where(UserFilter filter) {
        if (filter == null) {
            return new Where("");
        }
        return switch (filter.attribute()) {
            // userName is caseExact false in RFC 7643, id and externalId are case-exact
            case USER_NAME -> new Where(" WHERE lower(user_name) = lower(?)", filter.value());
            case ID -> new Where(" WHERE user_name = ?", filter.value());
            case EXTERNAL_ID -> new Where(" WHERE external_id = ?", filter.value());
        };
    }

    // PostgreSQL keeps microseconds: the instant handed back must be the one read back later.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String write(List<ScimUser.Email> emails) {
        try {
            return json.writeValueAsString(emails);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write emails", e);
        }
    }

    private List<ScimUser.Email> emails(String text) {
        try {
            return text == null ? List.of() : json.readValue(text, EMAILS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scim_user.emails is not a JSON array of emails", e);
        }
    }
}
