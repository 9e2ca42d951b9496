package org.tokensuite.api.query;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;

/** Filters are optional (null = any); pages count from 0. */
public record FindTokens(UserId ownerId, TokenState state, Scope scope, int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;

    public FindTokens {
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
