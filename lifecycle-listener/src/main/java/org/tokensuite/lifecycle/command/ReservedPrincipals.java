package org.tokensuite.lifecycle.command;

import org.springframework.stereotype.Component;
import org.tokensuite.api.value.UserId;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The suite's own principals (the bootstrap admin, this listener): they own tokens but are not
 * employees, so no HR event or SCIM request may offboard, suspend or reinstate them. Offboarding
 * the listener's own owner would revoke its token and stop all offboarding for good.
 */
@Component
public class ReservedPrincipals {

    private final Set<String> reserved;

    public ReservedPrincipals(PrincipalProperties properties) {
        // compared without case: a store that folds case must not let "Lifecycle-Listener" through
        this.reserved = properties.reserved().stream().map(ReservedPrincipals::fold).collect(Collectors.toUnmodifiableSet());
    }

    public boolean isReserved(UserId user) {
        return reserved.contains(fold(user.value()));
    }

    /** Throws {@link ReservedPrincipalRefused} when the user is one of the suite's own principals. */
    public void requireNotReserved(UserId user) {
        if (isReserved(user)) {
            throw new ReservedPrincipalRefused(user);
        }
    }

    private static String fold(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
