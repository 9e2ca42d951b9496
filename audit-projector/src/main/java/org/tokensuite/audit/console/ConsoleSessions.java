package org.tokensuite.audit.console;

import org.springframework.stereotype.Component;
import org.tokensuite.audit.settings.ConsoleProperties;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, in memory: a session ends on sign-out, when its token stops verifying or
 * loses {@code audit:read} (checked on every request), after {@code idle-timeout} without a request,
 * or {@code max-age} after sign-in. A restart signs everyone out; several instances need sticky routing.
 */
@Component
class ConsoleSessions {

    /** A flood of sign-ins cannot grow memory without bound; when full (after dropping the expired), sign-in is refused. */
    static final int MAX_SESSIONS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final ConsoleProperties properties;
    private final Clock clock;

    ConsoleSessions(ConsoleProperties properties) {
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** A new session for a token that was just verified; empty when the store is full. */
    Optional<ConsoleSession> begin(String token, String tokenId, String ownerId) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(session -> expired(session, now));
            if (sessions.size() >= MAX_SESSIONS) {
                return Optional.empty();
            }
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ConsoleSession session = new ConsoleSession(id, token, tokenId, ownerId, now);
        sessions.put(id, session);
        return Optional.of(session);
    }

    /** The live session with this id (its last use moved to now), or empty; an expired one is ended. */
    Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id, session);
            return Optional.empty();
        }
        session.seen(now);
        return Optional.of(session);
    }

    void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private boolean expired(ConsoleSession session, Instant now) {
        return !now.isBefore(session.lastSeenAt().plus(properties.idleTimeout()))
                || !now.isBefore(session.createdAt().plus(properties.maxAge()));
    }
}
