package org.tokensuite.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.OwnerKinds;

import java.util.List;

/** Reads what {@link ServiceAccountRegistry} and {@link UserRegistry} keep about kinds of owner. */
@Component
public class ServiceAccountDirectory implements OwnerKinds {

    private final JdbcTemplate jdbc;

    public ServiceAccountDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isServiceAccount(UserId owner) {
        return !jdbc.queryForList("SELECT 1 FROM service_accounts WHERE account_id = ?", Integer.class, owner.value()).isEmpty();
    }

    @Override
    public boolean hasPersonStanding(UserId owner) {
        return !jdbc.queryForList("SELECT 1 FROM users WHERE user_id = ?", Integer.class, owner.value()).isEmpty();
    }

    @Override
    public List<UserId> sponsoredBy(UserId sponsor) {
        return jdbc.query("SELECT account_id FROM service_accounts WHERE sponsor = ? ORDER BY account_id",
                (rs, row) -> new UserId(rs.getString(1)), sponsor.value());
    }
}
