package org.tokensuite.audit.progress;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * What a processor has not handled yet: {@code events} records published on its topics after its
 * committed position, and when the oldest of them was published (null when none). When the broker
 * or the database could not be asked, {@code events} is null and {@code unknown} says why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Backlog(Long events, @JsonInclude(JsonInclude.Include.ALWAYS) Instant oldestPublishedAt,
                      String unknown) {

    public static Backlog of(long events, Instant oldestPublishedAt) {
        return new Backlog(events, oldestPublishedAt, null);
    }

    public static Backlog unknown(String why) {
        return new Backlog(null, null, why);
    }

    public boolean known() {
        return events != null;
    }
}
