package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.RotationPolicy;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shared event samples (see {@code events/README.md}): one instance of every token-api event record, and
 * for each the file {@code events/<EventName>-<revision>.json} holding its payload as it is on the wire.
 * Other modules get this class and the files from token-api's test-jar: the writer's test checks that it
 * writes each instance as its file, every reader's test that it reads each file into what the instance says.
 * Every field is set (none null), and collections keep a fixed order, so each sample shows every field.
 */
public final class EventSamples {

    public static final String DIRECTORY = "events/";

    static final TokenId TOKEN = new TokenId("tok_0123456789abcdef0123456789abcdef");
    static final UserId OWNER = new UserId("alice.example");
    static final UserId SERVICE_ACCOUNT = new UserId("billing-deployer");
    static final UserId SPONSOR = new UserId("bob.example");
    static final Actor ACTOR = new Actor("tok_fedcba9876543210fedcba9876543210", "ops-admin");
    static final Cause CAUSE = new Cause("quarterly review", "req-7f3a");
    static final Instant AT = Instant.parse("2026-03-01T12:00:00.123456Z");
    static final TokenHash HASH = new TokenHash("5f".repeat(32));
    static final SystemName SYSTEM = new SystemName("billing");
    static final TokenHash PREVIOUS_HASH = new TokenHash("a0".repeat(32));

    /**
     * One sample: the record instance, the type name and revision it carries on the wire, and its payload
     * (the file's bytes).
     */
    public record Sample(TokenEvent event, String type, String revision, byte[] payload) {

        public Class<? extends TokenEvent> eventType() {
            return event.getClass();
        }

        public String simpleName() {
            return event.getClass().getSimpleName();
        }

        /** The file, e.g. {@code events/TokenIssued-1.json}. */
        public String resource() {
            return EventSamples.resource(eventType());
        }
    }

    private EventSamples() {
    }

    /** Every event type's instance. */
    public static List<TokenEvent> events() {
        return List.of(
                new TokenIssued(TOKEN, OWNER, "ci deploy key", scopes("billing:read", "deploy:*"), HASH, "Ab3x",
                        Instant.parse("2026-03-01T12:05:00Z"), Instant.parse("2026-05-30T12:00:00Z"),
                        List.of(new Cidr("10.0.0.0/8"), new Cidr("2001:db8::/32")),
                        new RotationPolicy(Duration.ofDays(30), Duration.ofMinutes(5)), ACTOR, CAUSE, AT),
                new TokenScopesChanged(TOKEN, OWNER, scopes("billing:read", "billing:write"), scopes("billing:read"),
                        ACTOR, CAUSE, AT),
                new TokenRotated(TOKEN, OWNER, HASH, "Zq9w", PREVIOUS_HASH, Instant.parse("2026-03-01T12:05:00Z"),
                        Instant.parse("2026-03-31T12:00:00Z"), ACTOR, CAUSE, AT),
                new TokenRotationDue(TOKEN, OWNER, Instant.parse("2026-03-31T12:00:00Z"),
                        Instant.parse("2026-04-01T12:00:00Z"), Actor.system("deadlines"), CAUSE, AT),
                new TokenExpiryApproaching(TOKEN, OWNER, TokenExpiryApproaching.EXPIRY, Instant.parse("2026-05-30T12:00:00Z"),
                        Actor.system("deadlines"), CAUSE, AT),
                new TokenRevoked(TOKEN, OWNER, ACTOR, CAUSE, AT),
                new TokenExpired(TOKEN, OWNER, Actor.system("deadlines"), CAUSE, AT),
                new TokenSuspended(TOKEN, OWNER, ACTOR, CAUSE, AT),
                new TokenReinstated(TOKEN, OWNER, ACTOR, CAUSE, AT),
                new UserOffboarded(OWNER, Actor.system("lifecycle-listener"), new Cause("left the company", "hr:evt-901"), AT,
                        List.of(SERVICE_ACCOUNT)),
                new UserLeaveStarted(OWNER, Actor.system("lifecycle-listener"), new Cause("parental leave", "hr:evt-902"), AT),
                new UserLeaveEnded(OWNER, Actor.system("lifecycle-listener"), new Cause("back from leave", "hr:evt-903"), AT),
                new TokenUsageSummarized(TOKEN, OWNER, Instant.parse("2026-03-01T11:59:50Z"), Instant.parse("2026-03-01T12:00:00Z"),
                        42, Instant.parse("2026-03-01T11:59:58.5Z"), "192.0.2.10", new TreeSet<>(List.of("billing:read", "deploy:run")),
                        Actor.system("token-query"), new Cause("usage window", "usage:2026-03-01T12:00:00Z"), AT),
                new TokenUseRefused(TOKEN, OWNER, "revoked", "198.51.100.7", 3, Instant.parse("2026-03-01T11:59:00Z"),
                        Actor.system("token-query"), new Cause("refused use", "refusal:abc"), AT),
                new TokenAnomalyDetected(TOKEN, OWNER, "new_network", evidence(), true,
                        Actor.system("token-query"), new Cause("anomaly", "anomaly:def"), AT),
                new ServiceAccountRegistered(SERVICE_ACCOUNT, "deploys billing to production", OWNER, "platform",
                        ACTOR, CAUSE, AT),
                new ServiceAccountChanged(SERVICE_ACCOUNT, "deploys billing", SPONSOR, "payments", OWNER,
                        ACTOR, CAUSE, AT),
                new ServiceAccountOrphaned(SERVICE_ACCOUNT, OWNER, Instant.parse("2026-03-15T12:00:00.123456Z"),
                        Actor.system("sponsorship"), new Cause("sponsor offboarded", "hr:evt-901"), AT),
                new ServiceAccountOrphanWarning(SERVICE_ACCOUNT, ServiceAccountOrphanWarning.HALF_WAY,
                        Instant.parse("2026-03-15T12:00:00.123456Z"), Actor.system("sponsorship"),
                        new Cause("no sponsor: tokens suspended at the end of the grace period", "hr:evt-901"), AT),
                new ServiceAccountSponsorLost(SERVICE_ACCOUNT, OWNER, Actor.system("sponsorship"),
                        new Cause("grace period ended without a sponsor", "hr:evt-901"), AT),
                new ServiceAccountAdopted(SERVICE_ACCOUNT, SPONSOR, true, ACTOR, CAUSE, AT),
                new TokenLeaked(TOKEN, OWNER, false, "tokensuite_api_token", "https://github.com/example/repo/blob/abc/config.yml",
                        "content", Actor.system("leak-report"), new Cause("leaked: found in the open", "leak:gh-17"), AT),
                new SystemRegistered(SYSTEM, "invoices and refunds", actions("read", "see invoices", "refund", "refund an invoice"),
                        ACTOR, new Cause("onboarding billing", "req-8b1c"), AT),
                new SystemChanged(SYSTEM, "invoices, refunds and exports", actions("export", "export invoices", "read", "see invoices"),
                        new TreeSet<>(List.of("refund")), ACTOR, new Cause("refunds move to payments", "req-9c2d"), AT));
    }

    /** Every sample, its payload read from its file (IllegalStateException naming a missing file). */
    public static List<Sample> all() {
        return events().stream().map(EventSamples::sample).toList();
    }

    public static Sample of(Class<? extends TokenEvent> type) {
        return all().stream().filter(s -> s.eventType().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample of " + type.getSimpleName()));
    }

    /** The revision {@code type} is written with today (its {@code @Revision}). */
    public static String revision(Class<? extends TokenEvent> type) {
        Revision revision = type.getAnnotation(Revision.class);
        if (revision == null) {
            throw new IllegalStateException(type.getSimpleName() + " has no @Revision");
        }
        return revision.value();
    }

    public static String resource(Class<? extends TokenEvent> type) {
        return DIRECTORY + type.getSimpleName() + "-" + revision(type) + ".json";
    }

    private static Sample sample(TokenEvent event) {
        Class<? extends TokenEvent> type = event.getClass();
        String resource = resource(type);
        try (InputStream in = EventSamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no sample file " + resource + " for " + type.getSimpleName()
                        + " (see events/README.md)");
            }
            return new Sample(event, type.getName(), revision(type), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TreeSet<Scope> scopes(String... values) {
        TreeSet<Scope> scopes = new TreeSet<>();
        for (String value : values) {
            scopes.add(new Scope(value));
        }
        return scopes;
    }

    private static TreeMap<String, String> actions(String... pairs) {
        TreeMap<String, String> actions = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            actions.put(pairs[i], pairs[i + 1]);
        }
        return actions;
    }

    private static Map<String, String> evidence() {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("network", "203.0.113.0/24");
        evidence.put("sourceAddress", "203.0.113.9");
        return evidence;
    }
}
