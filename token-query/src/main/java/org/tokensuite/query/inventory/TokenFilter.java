package org.tokensuite.query.inventory;

import org.tokensuite.api.value.TokenState;

/**
 * The inventory list's filters (null = any) and page (from 0). {@code scope} matches tokens that
 * can act with it: holding it, its system's wildcard, or tokens:admin.
 */
public record TokenFilter(String ownerId, TokenState state, String scope, int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;
}
