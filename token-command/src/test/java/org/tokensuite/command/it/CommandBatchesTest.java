package org.tokensuite.command.it;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.api.command.IssueToken;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.conflict.ConflictRetries;
import org.tokensuite.command.batch.CommandBatches;
import org.tokensuite.command.user.JdbcOwnerGate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issues, rotations and revocations that arrive while others are being committed are committed together, each with its
 * own answer. Every test
 * holds one owner's lock from a transaction of its own while an issue for that owner is being committed: whatever is
 * sent meanwhile waits, and goes into the next shared commit, whose content the test therefore knows.
 */
class CommandBatchesTest {

    private static final String SCOPES = "[\"billing:read\"]";

    private static CommandService service;
    private static String admin;
    private final ExecutorService threads = Executors.newFixedThreadPool(24);

    @BeforeAll
    static void start() throws Exception {
        service = CommandService.start("command-issue-batches", Map.of());
        admin = service.introspection().caller("tok_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "batch-admin", "tokens:admin");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void issuesSentWhileAnotherIsCommittedAreStoredTogetherEachWithItsRowsAndDeadlines() throws Exception {
        String blocked = "batch-held-" + UUID.randomUUID();
        int deadlinesBefore = deadlines();
        DistributionSummary batches = batches();
        long batchesBefore = batches.count();
        double issuesBefore = batches.totalAmount();

        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        Future<HttpResponse<String>> first = whileOwnerLocked(blocked, () -> {
            for (int i = 0; i < 10; i++) {
                answers.add(threads.submit(() -> issue("batch-" + UUID.randomUUID())));
            }
            awaitWaiting(10);
        });
        answers.add(0, first);

        List<String> tokenIds = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(1, TimeUnit.MINUTES);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            tokenIds.add(CommandHttp.body(response).get("tokenId").asText());
        }
        // The held issue alone, then the ten that waited for it, in one commit.
        assertThat(batches.count() - batchesBefore).isEqualTo(2);
        assertThat(batches.totalAmount() - issuesBefore).isEqualTo(11.0);
        for (String tokenId : tokenIds) {
            assertThat(service.eventTypesOf(tokenId)).containsExactly("TokenIssued");
            assertThat(count("SELECT count(*) FROM user_tokens WHERE token_id = ? AND state = 'active'", tokenId)).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM token_secret_hashes WHERE token_id = ? AND current", tokenId)).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM scheduled_tasks WHERE position(convert_to(?, 'UTF8') IN task_data) > 0",
                    tokenId)).as("its expiry and its expiry warning").isEqualTo(2);
        }
        assertThat(deadlines() - deadlinesBefore).isEqualTo(2 * tokenIds.size());
    }

    @Test
    void anIssueItsRulesRefuseIsRefusedAloneAndLeavesNoTraceWhileTheOthersInItsCommitAreStored() throws Exception {
        String blocked = "batch-held-" + UUID.randomUUID();
        String offboarded = "batch-gone-" + UUID.randomUUID();
        service.db().update("INSERT INTO users (user_id, status, updated_at) VALUES (?, 'offboarded', now())", offboarded);
        String unknownSystem = "batch-refused-" + UUID.randomUUID();
        int deadlinesBefore = deadlines();

        List<Future<HttpResponse<String>>> stored = new ArrayList<>();
        List<Future<HttpResponse<String>>> refused = new ArrayList<>();
        Future<HttpResponse<String>> first = whileOwnerLocked(blocked, () -> {
            stored.add(threads.submit(() -> issue("batch-" + UUID.randomUUID())));
            refused.add(threads.submit(() -> issue(offboarded)));
            refused.add(threads.submit(() -> service.http().post("/v1/tokens", admin, "{\"ownerId\":\"" + unknownSystem
                    + "\",\"name\":\"batched\",\"scopes\":[\"nosuchsystem:read\"],\"ttl\":\"P30D\"}")));
            stored.add(threads.submit(() -> issue("batch-" + UUID.randomUUID())));
            awaitWaiting(4);
        });
        stored.add(first);

        for (Future<HttpResponse<String>> answer : stored) {
            HttpResponse<String> response = answer.get(1, TimeUnit.MINUTES);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(service.eventTypesOf(CommandHttp.body(response).get("tokenId").asText())).containsExactly("TokenIssued");
        }
        HttpResponse<String> offboardedAnswer = refused.get(0).get(1, TimeUnit.MINUTES);
        CommandHttp.assertProblem(offboardedAnswer, 409, "conflict", "offboarded");
        HttpResponse<String> unknownAnswer = refused.get(1).get(1, TimeUnit.MINUTES);
        assertThat(unknownAnswer.statusCode()).as(unknownAnswer.body()).isBetween(400, 499);
        assertThat(unknownAnswer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        for (String owner : List.of(offboarded, unknownSystem)) {
            assertThat(count("SELECT count(*) FROM user_tokens WHERE user_id = ?", owner)).isZero();
            assertThat(count("""
                    SELECT count(*) FROM domainevententry
                    WHERE payloadtype = 'org.tokensuite.api.event.TokenIssued'
                      AND convert_from(payload, 'UTF8')::jsonb ->> 'ownerId' = ?""", owner)).isZero();
        }
        // Only the three stored tokens' deadlines: none of a refused issue.
        assertThat(deadlines() - deadlinesBefore).isEqualTo(2 * stored.size());
    }

    @Test
    void whenTheSharedCommitFailsEachIssueInItIsSentAloneAndAnsweredAsIfAloneWithNothingStoredTwice() throws Exception {
        CommandBatches issues = service.bean(CommandBatches.class);
        TokenId taken = TokenId.random();
        TokenId other = TokenId.random();
        issues.send(command(taken, "batch-a-" + UUID.randomUUID()));
        DistributionSummary batches = batches();
        long batchesBefore = batches.count();

        List<Future<Throwable>> outcomes = new ArrayList<>();
        Future<HttpResponse<String>> first = whileOwnerLocked("batch-held-" + UUID.randomUUID(), () -> {
            // A second issue of an id already stored: its handler cannot know, its first event cannot be stored, and
            // the shared commit it is in fails with it.
            outcomes.add(threads.submit(() -> catchThrowable(() -> issues.send(command(other, "batch-b-" + UUID.randomUUID())))));
            outcomes.add(threads.submit(() -> catchThrowable(() -> issues.send(command(taken, "batch-c-" + UUID.randomUUID())))));
            awaitWaiting(2);
        });
        assertThat(first.get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(201);

        assertThat(outcomes.get(0).get(1, TimeUnit.MINUTES)).as("the other issue, sent again alone, is stored").isNull();
        Throwable lost = outcomes.get(1).get(1, TimeUnit.MINUTES);
        assertThat(ConflictRetries.isConflict(lost)).as(String.valueOf(lost)).isTrue();
        assertThat(service.eventTypesOf(taken.value())).containsExactly("TokenIssued");
        assertThat(service.eventTypesOf(other.value())).containsExactly("TokenIssued");
        assertThat(count("SELECT count(*) FROM user_tokens WHERE token_id = ?", taken.value())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_tokens WHERE token_id = ?", other.value())).isEqualTo(1);
        // Only the held issue's commit counts: the failed one stored nothing.
        assertThat(batches.count() - batchesBefore).isEqualTo(1);
    }

    @Test
    void rotationsAndRevocationsSentTogetherAreEachStoredAndRefusedOnesChangeNothing() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> issued = issue("batch-change-" + UUID.randomUUID());
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            tokens.add(CommandHttp.body(issued).get("tokenId").asText());
        }
        String rotated = tokens.get(0);
        String revoked = tokens.get(1);
        String alsoRevoked = tokens.get(2);
        String revokedBefore = tokens.get(3);
        // An administrator's command on an id nobody issued reaches the batch (no reach look-up) and finds no events.
        String unknown = "tok_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(service.http().post("/v1/tokens/" + revokedBefore + "/revoke", admin, "{}").statusCode()).isEqualTo(200);
        DistributionSummary batches = batches();
        long batchesBefore = batches.count();
        double commandsBefore = batches.totalAmount();

        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        Future<HttpResponse<String>> held = whileOwnerLocked("batch-held-" + UUID.randomUUID(), () -> {
            answers.add(threads.submit(() -> service.http().post("/v1/tokens/" + rotated + "/rotate", admin, "{}")));
            awaitWaiting(1);
            answers.add(threads.submit(() -> service.http().post("/v1/tokens/" + revoked + "/revoke", admin, "{}")));
            awaitWaiting(2);
            answers.add(threads.submit(() -> service.http().post("/v1/tokens/" + revokedBefore + "/rotate", admin, "{}")));
            awaitWaiting(3);
            answers.add(threads.submit(() -> service.http().post("/v1/tokens/" + alsoRevoked + "/revoke", admin, "{}")));
            awaitWaiting(4);
            answers.add(threads.submit(() -> service.http().post("/v1/tokens/" + unknown + "/revoke", admin, "{}")));
            awaitWaiting(5);
        });
        assertThat(held.get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(201);

        HttpResponse<String> rotation = answers.get(0).get(1, TimeUnit.MINUTES);
        assertThat(rotation.statusCode()).as(rotation.body()).isEqualTo(200);
        assertThat(rotation.headers().firstValue("X-Token-Version")).hasValue("1");
        String newSecret = CommandHttp.body(rotation).get("token").asText();
        assertThat(count("SELECT count(*) FROM token_secret_hashes WHERE token_id = ? AND current AND secret_hash = ?",
                rotated, TokenSecrets.hash(newSecret).value())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM token_secret_hashes WHERE token_id = ? AND current", rotated)).isEqualTo(1);
        for (int i : new int[] {1, 3}) {
            HttpResponse<String> revocation = answers.get(i).get(1, TimeUnit.MINUTES);
            assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(200);
            assertThat(CommandHttp.body(revocation).get("state").asText()).isEqualTo("revoked");
        }
        CommandHttp.assertProblem(answers.get(2).get(1, TimeUnit.MINUTES), 409, "conflict", "revoked");
        CommandHttp.assertProblem(answers.get(4).get(1, TimeUnit.MINUTES), 404, "not-found", "no such token: " + unknown);
        assertThat(service.eventTypesOf(unknown)).isEmpty();
        assertThat(count("SELECT count(*) FROM user_tokens WHERE token_id = ?", unknown)).isZero();

        assertThat(service.eventTypesOf(rotated)).containsExactly("TokenIssued", "TokenRotated");
        assertThat(service.eventTypesOf(revoked)).containsExactly("TokenIssued", "TokenRevoked");
        assertThat(service.eventTypesOf(alsoRevoked)).containsExactly("TokenIssued", "TokenRevoked");
        assertThat(service.eventTypesOf(revokedBefore)).containsExactly("TokenIssued", "TokenRevoked");
        assertThat(count("SELECT count(*) FROM token_secret_hashes WHERE token_id = ?", revokedBefore)).isEqualTo(1);
        for (String token : List.of(revoked, alsoRevoked, revokedBefore)) {
            assertThat(count("SELECT count(*) FROM user_tokens WHERE token_id = ? AND state = 'revoked'", token)).isEqualTo(1);
        }
        // The held issue alone, then the five changes in one commit (the refused rotation and the unknown token's
        // revocation among them, each answered alone).
        assertThat(batches.count() - batchesBefore).isEqualTo(2);
        assertThat(batches.totalAmount() - commandsBefore).isEqualTo(6.0);
    }

    /**
     * Holds {@code owner}'s lock in a transaction of its own, sends an issue for {@code owner} (the committer takes it
     * and waits for the lock in its shared commit), runs {@code meanwhile}, then lets go; the held issue's answer.
     */
    private Future<HttpResponse<String>> whileOwnerLocked(String owner, ThrowingRunnable meanwhile) throws Exception {
        JdbcOwnerGate gate = service.bean(JdbcOwnerGate.class);
        TransactionTemplate tx = new TransactionTemplate(service.bean(PlatformTransactionManager.class));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> tx.executeWithoutResult(status -> {
            gate.lockOwner(new UserId(owner));
            locked.countDown();
            try {
                assertThat(release.await(1, TimeUnit.MINUTES)).as("released").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(locked.await(1, TimeUnit.MINUTES)).as("the owner's lock held").isTrue();
            Future<HttpResponse<String>> held = threads.submit(() -> issue(owner));
            awaitUntil("the committer waits for the held owner's lock", () -> service.db().queryForObject("""
                    SELECT count(*) FROM pg_locks
                    WHERE locktype = 'advisory' AND NOT granted
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""", Integer.class) > 0);
            meanwhile.run();
            return held;
        } finally {
            release.countDown();
            holder.get(1, TimeUnit.MINUTES);
        }
    }

    private HttpResponse<String> issue(String owner) throws Exception {
        return service.http().post("/v1/tokens", admin,
                "{\"ownerId\":\"" + owner + "\",\"name\":\"batched\",\"scopes\":" + SCOPES + ",\"ttl\":\"P30D\"}");
    }

    private static IssueToken command(TokenId id, String owner) {
        String secret = new TokenSecrets().generate();
        return new IssueToken(id, new UserId(owner), "batched", new TreeSet<>(Set.of(Scope.of("billing:read"))),
                TokenSecrets.hash(secret), TokenSecrets.hint(secret), null, Instant.now().plus(Duration.ofDays(30)),
                List.of(), null, Set.of(Scope.of("tokens:admin")), new Actor("tok_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "batch-admin"),
                new Cause("batch test", null));
    }

    private static void awaitWaiting(int issues) throws InterruptedException {
        MeterRegistry meters = service.bean(MeterRegistry.class);
        awaitUntil(issues + " commands waiting", () -> meters.get("tokens.command.batch.waiting").gauge().value() >= issues);
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static DistributionSummary batches() {
        return service.bean(MeterRegistry.class).get("tokens.command.batch").summary();
    }

    private static int deadlines() {
        return count("SELECT count(*) FROM scheduled_tasks");
    }

    private static int count(String sql, Object... args) {
        Integer found = service.db().queryForObject(sql, Integer.class, args);
        return found == null ? 0 : found;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
