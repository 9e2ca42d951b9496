package org.tokensuite.command.it;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two token-command instances on one event store, as {@code run-suite.sh --command-instances 2}
 * runs them: commands on the same tokens, sent to both at once, race for the same sequence numbers.
 * The loser is sent again (a conflict, not a storage failure) or answered 409; nothing is lost,
 * nothing is stored twice. (Both run in this one JVM and so share the token store's node id: the
 * tracking processors' claims are not exercised here; infra's TwoCommandInstancesTest runs two processes.)
 */
class TwoInstancesTest {

    private static CommandService first;
    private static CommandService second;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        first = CommandService.start("twocmd", Map.of("tokens.deadlines.scheduler-name", "first"));
        second = first.startBeside("twocmd2", Map.of("tokens.deadlines.scheduler-name", "second"));
        admin = first.introspection().caller("tok_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ops-admin", "tokens:admin");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void rotationsOfTheSameTokensThroughBothInstancesAreEachStoredOnceAndNoneIsAServerError() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> issued = first.http().post("/v1/tokens", admin,
                    "{\"ownerId\":\"racer-" + i + "\",\"name\":\"raced\",\"scopes\":[\"billing:read\"],\"ttl\":\"P30D\"}");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            tokens.add(CommandHttp.body(issued).get("tokenId").asText());
        }
        Map<String, AtomicInteger> rotated = new ConcurrentHashMap<>();
        tokens.forEach(t -> rotated.put(t, new AtomicInteger()));
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            CommandService target = thread % 2 == 0 ? first : second;
            work.add(threads.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    String token = tokens.get(i % tokens.size());
                    HttpResponse<String> answer = target.http().post("/v1/tokens/" + token + "/rotate", admin, "{\"overlap\":\"PT1M\"}");
                    statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (answer.statusCode() == 200) {
                        rotated.get(token).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        threads.shutdown();

        assertThat(statuses.keySet()).as("answers %s", statuses).isSubsetOf(200, 409);
        for (String token : tokens) {
            List<Long> sequence = first.db().queryForList(
                    "SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                    Long.class, token);
            for (int i = 0; i < sequence.size(); i++) {
                assertThat(sequence.get(i)).as("gapless sequence of %s", token).isEqualTo(i);
            }
            long rotations = first.eventTypesOf(token).stream().filter("TokenRotated"::equals).count();
            assertThat(rotations).as("one TokenRotated per 200 for %s", token).isEqualTo(rotated.get(token).get());
        }
        double retried = conflicts(first, "retried") + conflicts(second, "retried");
        double refused = conflicts(first, "refused") + conflicts(second, "refused");
        System.out.printf("two instances: answers %s, conflicts retried %.0f, refused (409) %.0f%n", statuses, retried, refused);
        // The instances did race (else this test proved nothing), and the races were resolved by retrying.
        assertThat(retried).isPositive();
        assertThat(statuses.getOrDefault(409, new AtomicInteger()).get()).isEqualTo((int) refused);
    }

    private static double conflicts(CommandService instance, String outcome) {
        Counter counter = instance.bean(MeterRegistry.class).find("tokens.command.conflicts").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

}
