package org.tokensuite.audit.web;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.platform.freshness.TokenVersionHeaders;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parses query parameters strictly; anything malformed is an {@link InvalidRequest} naming the parameter. */
public final class Params {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,99}");
    /* A token id or system:<component>; printable ASCII without spaces, at most the column's 255. */
    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9_:.@-]{1,255}");
    /*
     * Instants are compared in PostgreSQL, whose timestamptz cannot hold Java's whole Instant range
     * (year +999999999 made the query fail as if the database were down). Four-digit years are
     * what ISO-8601 and the chain's time format expect, and far inside PostgreSQL's range.
     */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    /* Durations are added to instants; beyond this they would overflow Instant instead of meaning anything. */
    private static final Duration LONGEST = Duration.ofDays(3_650_000);

    private Params() {
    }

    public static String tokenId(String value) {
        if (blank(value)) {
            return null;
        }
        if (!TokenId.isValid(value)) {
            throw new InvalidRequest("tokenId must look like tok_ followed by 32 hex digits");
        }
        return value;
    }

    public static String ownerId(String value) {
        if (blank(value)) {
            return null;
        }
        if (!UserId.isValid(value)) {
            throw new InvalidRequest("ownerId is not a valid user id");
        }
        return value;
    }

    public static String type(String value) {
        if (blank(value)) {
            return null;
        }
        if (!TYPE.matcher(value).matches()) {
            throw new InvalidRequest("type must be an entry type name such as TokenIssued");
        }
        return value;
    }

    public static String actorId(String value) {
        if (blank(value)) {
            return null;
        }
        if (!ACTOR.matcher(value).matches()) {
            throw new InvalidRequest("actorId must be a token id or system:<component>");
        }
        return value;
    }

    public static Scope scope(String value) {
        if (blank(value)) {
            return null;
        }
        if (!Scope.isValid(value)) {
            throw new InvalidRequest("scope must be <system>:<action> in lowercase");
        }
        return Scope.of(value);
    }

    public static Instant instant(String name, String value) {
        if (blank(value)) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequest(name + " must be an ISO-8601 instant in UTC, e.g. 2025-01-31T12:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidRequest(name + " must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z");
        }
        return instant;
    }

    public static Instant requiredInstant(String name, String value) {
        Instant instant = instant(name, value);
        if (instant == null) {
            throw new InvalidRequest(name + " is required (an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z)");
        }
        return instant;
    }

    public static Duration duration(String name, String value, Duration fallback) {
        if (blank(value)) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative()) {
                throw new InvalidRequest(name + " must not be negative");
            }
            if (duration.compareTo(LONGEST) > 0) {
                throw new InvalidRequest(name + " must be at most P3650000D");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new InvalidRequest(name + " must be an ISO-8601 duration, e.g. P30D or PT5S");
        }
    }

    /** The version an X-Not-Older-Than header gives (token-command's X-Token-Version). */
    public static long notOlderThan(String value) {
        try {
            return TokenVersionHeaders.notOlderThan(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }

    public static long cursor(String value) {
        if (blank(value)) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value);
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new InvalidRequest("cursor must be a value of nextCursor from an earlier page");
        }
    }

    /** A seq bound such as {@code from}: a whole number >= 0, 0 when absent. */
    public static long seq(String name, String value) {
        if (blank(value)) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value);
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new InvalidRequest(name + " must be a seq (a whole number from 0)");
        }
    }

    public static Integer limit(String value, int max) {
        if (blank(value)) {
            return null;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1 || limit > max) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new InvalidRequest("limit must be a whole number from 1 to " + max);
        }
    }

    public static Integer positiveInt(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidRequest(name + " must be a positive whole number");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
