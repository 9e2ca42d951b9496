package org.tokensuite.command.user;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.ServiceAccountAdopted;
import org.tokensuite.api.event.ServiceAccountChanged;
import org.tokensuite.api.event.ServiceAccountOrphaned;
import org.tokensuite.api.event.ServiceAccountRegistered;
import org.tokensuite.api.event.ServiceAccountSponsorLost;

import java.sql.Timestamp;

/**
 * Keeps {@code service_accounts} in step with the event store, in the transaction that appends the events
 * (the same subscribing group as {@link UserRegistry}), so issuing and offboarding see registrations at once.
 */
@Component
@ProcessingGroup(UserRegistry.PROCESSING_GROUP)
public class ServiceAccountRegistry {

    private final JdbcTemplate jdbc;

    public ServiceAccountRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ServiceAccountRegistered event) {
        jdbc.update("""
                INSERT INTO service_accounts (account_id, description, team, sponsor, status, updated_at)
                VALUES (?, ?, ?, ?, 'sponsored', ?) ON CONFLICT (account_id) DO NOTHING""",
                event.accountId().value(), event.description(), event.team(), event.sponsor().value(),
                Timestamp.from(event.occurredAt()));
    }

    @EventHandler
    void on(ServiceAccountChanged event) {
        jdbc.update("UPDATE service_accounts SET description = ?, team = ?, sponsor = ?, updated_at = ? WHERE account_id = ?",
                event.description(), event.team(), event.sponsor().value(), Timestamp.from(event.occurredAt()),
                event.accountId().value());
    }

    @EventHandler
    void on(ServiceAccountOrphaned event) {
        jdbc.update("UPDATE service_accounts SET status = 'orphaned', grace_ends_at = ?, updated_at = ? WHERE account_id = ?",
                Timestamp.from(event.graceEndsAt()), Timestamp.from(event.occurredAt()), event.accountId().value());
    }

    @EventHandler
    void on(ServiceAccountSponsorLost event) {
        jdbc.update("UPDATE service_accounts SET status = 'sponsor_lost', updated_at = ? WHERE account_id = ?",
                Timestamp.from(event.occurredAt()), event.accountId().value());
    }

    @EventHandler
    void on(ServiceAccountAdopted event) {
        jdbc.update("UPDATE service_accounts SET status = 'sponsored', grace_ends_at = NULL, updated_at = ? WHERE account_id = ?",
                Timestamp.from(event.occurredAt()), event.accountId().value());
    }
}
