package org.tokensuite.query.inventory;


import java.util.List;

/** One page of token summaries; {@code total} counts all matches. */
public record TokenPage(List<TokenSummary> items, int page, int size, long total) {
}
