package org.tokensuite.audit.views;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.audit.store.ReadPool;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record of console views (table {@code console_view}): written through the main pool (the writer
 * role may only insert), read through the readers' pool. A view is written before its page's data is
 * read, so a page that could not be recorded is not shown.
 */
@Repository
public class ConsoleViews {

    static final int MAX_QUERY = 2000;
    private static final Pattern PARAMETER_VALUE = Pattern.compile("([^&=]*)=([^&]*)");

    private final JdbcTemplate writer;
    private final JdbcTemplate reader;

    public ConsoleViews(JdbcTemplate writer, ReadPool readers) {
        this.writer = writer;
        this.reader = readers.jdbc();
    }

    public void record(String viewerTokenId, String viewerOwnerId, String clientAddress, String action, String path,
                       String query) {
        writer.update("INSERT INTO console_view (viewer_token_id, viewer_owner_id, client_address, action, path, query)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                viewerTokenId, viewerOwnerId, clientAddress, action, cut(path, 255), storable(query));
    }

    /** Up to {@code limit} views after id {@code afterId}, oldest first; optionally of one viewer (owner id). */
    public List<ConsoleView> page(long afterId, int limit, String viewerOwnerId) {
        String sql = "SELECT id, viewed_at, viewer_token_id, viewer_owner_id, client_address, action, path, query"
                + " FROM console_view WHERE id > ?" + (viewerOwnerId == null ? "" : " AND viewer_owner_id = ?")
                + " ORDER BY id LIMIT ?";
        Object[] args = viewerOwnerId == null ? new Object[]{afterId, limit} : new Object[]{afterId, viewerOwnerId, limit};
        return reader.query(sql, (rs, i) -> new ConsoleView(rs.getLong("id"),
                rs.getObject("viewed_at", OffsetDateTime.class).toInstant(),
                rs.getString("viewer_token_id"), rs.getString("viewer_owner_id"), rs.getString("client_address"),
                rs.getString("action"), rs.getString("path"), rs.getString("query")), args);
    }

    /**
     * The query as asked, for the record: a value that is a token secret (pasted by mistake into a search
     * field) is replaced by {@code [secret]}, control characters and NUL (which PostgreSQL text cannot hold)
     * by U+FFFD, and the whole cut to {@value #MAX_QUERY} characters.
     */
    static String storable(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        Matcher matcher = PARAMETER_VALUE.matcher(query);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            boolean secret = looksLikeSecret(matcher.group(2));
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + "=" + (secret ? "[secret]" : matcher.group(2))));
        }
        matcher.appendTail(out);
        StringBuilder clean = new StringBuilder(out.length());
        // codePoints() leaves an unpaired surrogate as itself: PostgreSQL's UTF-8 text cannot hold one either.
        out.codePoints().forEach(c -> clean.appendCodePoint(
                Character.isISOControl(c) || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE ? 0xFFFD : c));
        return cut(clean.toString(), MAX_QUERY);
    }

    private static boolean looksLikeSecret(String encoded) {
        String value;
        try {
            value = URLDecoder.decode(encoded, StandardCharsets.UTF_8).trim();
        } catch (IllegalArgumentException e) {
            value = encoded;
        }
        return value.regionMatches(true, 0, "tkn_", 0, 4) || TokenSecrets.isWellFormed(value);
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
