package org.tokensuite.command.aggregate;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/** A service account as a command leaves it: what the HTTP answer shows. */
public record ServiceAccountView(String accountId, String description, String team, String sponsor, String status,
                                 Instant graceEndsAt, @JsonIgnore boolean created) {
}
