package org.tokensuite.api.query;

import org.tokensuite.api.value.TokenId;

public record FindToken(TokenId tokenId) {
}
