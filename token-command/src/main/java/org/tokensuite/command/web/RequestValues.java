package org.tokensuite.command.web;

import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.FreeText;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.UserId;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/** Turns request strings into the contract's value types, with a precise 400 for each mistake. */
final class RequestValues {

    static final String CORRELATION_HEADER = "X-Correlation-Id";
    static final int MAX_CORRELATION_ID_LENGTH = 200;

    private RequestValues() {
    }

    static UserId userId(String value, String field) {
        if (value == null) {
            throw new InvalidRequest(field + " is required");
        }
        if (!UserId.isValid(value)) {
            throw new InvalidRequest(field + ": user id must be 1-128 characters of letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return new UserId(value);
    }

    static SortedSet<Scope> scopes(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new InvalidRequest("scopes: at least one scope is required");
        }
        SortedSet<Scope> scopes = new TreeSet<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                scopes.add(new Scope(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest("scopes[" + i + "]: " + e.getMessage());
            }
        }
        return scopes;
    }

    static List<Cidr> cidrs(List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<Cidr> cidrs = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                cidrs.add(new Cidr(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest("allowedCidrs[" + i + "]: " + e.getMessage());
            }
        }
        return cidrs;
    }

    /** Free text that reaches an event: refused with a 400 naming the field when it breaks {@link FreeText}'s rule. */
    static String text(String field, String value, int maxLength) {
        String problem = FreeText.problem(field, value, maxLength);
        if (problem != null) {
            throw new InvalidRequest(problem);
        }
        return value;
    }

    /** The reason from the body; the correlation id from the body, else the header, else a fresh request id. */
    static Cause cause(String reason, String bodyCorrelationId, String headerCorrelationId) {
        text("reason", reason, Cause.MAX_REASON_LENGTH);
        String correlationId = bodyCorrelationId != null ? bodyCorrelationId : headerCorrelationId;
        if (correlationId == null || correlationId.isBlank()) {
            correlationId = "req:" + UUID.randomUUID();
        } else {
            text("correlationId", correlationId, MAX_CORRELATION_ID_LENGTH);
        }
        try {
            return new Cause(reason, correlationId);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }

    static List<String> values(Set<Scope> scopes) {
        return scopes.stream().map(Scope::value).sorted().toList();
    }
}
