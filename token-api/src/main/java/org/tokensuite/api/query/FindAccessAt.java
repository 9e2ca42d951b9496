package org.tokensuite.api.query;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/** Which tokens could be used at {@code at} (optionally: with this scope, of this owner). */
public record FindAccessAt(Instant at, Scope scope, UserId ownerId) {
}
