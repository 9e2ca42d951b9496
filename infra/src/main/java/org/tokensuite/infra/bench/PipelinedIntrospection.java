package org.tokensuite.infra.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RFC 7662 introspection of many tokens over a few keep-alive connections with HTTP/1.1 pipelining (a window of
 * requests written at once, then their answers read in order). The bulk-revocation step checks thousands of tokens
 * per round; with one request and answer at a time the benchmark's own HTTP client spent more CPU per check than
 * token-query did answering it, on the same two cores, and a round took seconds. Status 200 is an answer; 503 (token-query
 * fails closed, e.g. while its index is too far behind) is no answer yet: the token is checked again in the next round,
 * and such answers are counted; anything else fails the round.
 */
final class PipelinedIntrospection {

    private static final int CONNECTIONS = 4;
    private static final int WINDOW = 128;

    private final URI tokenQuery;
    private final String credential;
    private final AtomicLong unavailable = new AtomicLong();

    PipelinedIntrospection(URI tokenQuery, String credential) {
        this.tokenQuery = tokenQuery;
        this.credential = credential;
    }

    /** How many answers so far were 503: verification unavailable (failing closed). */
    long unavailableAnswers() {
        return unavailable.get();
    }

    /** The tokens of {@code tokens} that introspection still calls active (or could not answer for), in their order. */
    List<String> stillActive(List<String> tokens) throws Exception {
        int share = (tokens.size() + CONNECTIONS - 1) / CONNECTIONS;
        ExecutorService connections = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            for (int from = 0; from < tokens.size(); from += share) {
                List<String> part = tokens.subList(from, Math.min(tokens.size(), from + share));
                parts.add(connections.submit(() -> stillActiveOver(part)));
            }
            List<String> active = new ArrayList<>();
            for (Future<List<String>> part : parts) {
                active.addAll(part.get());
            }
            return active;
        } finally {
            connections.shutdownNow();
        }
    }

    private List<String> stillActiveOver(List<String> tokens) throws IOException {
        List<String> active = new ArrayList<>();
        try (HttpConnection connection = HttpConnection.to(tokenQuery)) {
            for (int from = 0; from < tokens.size(); from += WINDOW) {
                List<String> window = tokens.subList(from, Math.min(tokens.size(), from + WINDOW));
                List<Answer> answers;
                try {
                    answers = exchange(connection, window);
                } catch (IOException e) {
                    // The server may close a keep-alive connection at any time: a new one, and the window again
                    // (introspection changes nothing, so asking twice is safe).
                    connection.reopen();
                    answers = exchange(connection, window);
                }
                for (int i = 0; i < window.size(); i++) {
                    if (answers.get(i) != Answer.INACTIVE) {
                        active.add(window.get(i));
                    }
                }
            }
        }
        return active;
    }

    private List<Answer> exchange(HttpConnection connection, List<String> window) throws IOException {
        List<byte[]> requests = window.stream().map(token -> connection.request("POST", "/v1/introspect", credential,
                "application/x-www-form-urlencoded",
                ("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII))).toList();
        List<Answer> answers = new ArrayList<>(window.size());
        for (HttpConnection.Answer answer : connection.exchange(requests)) {
            answers.add(answer(answer));
        }
        return answers;
    }

    private enum Answer { ACTIVE, INACTIVE, UNAVAILABLE }

    /** Whether an answer says {@code "active":true}, or is a 503; fails on any other status. */
    private Answer answer(HttpConnection.Answer answer) {
        if (answer.status() == 503) {
            unavailable.incrementAndGet();
            return Answer.UNAVAILABLE;
        }
        return answer.expect(200, "introspection").text().replace(" ", "").contains("\"active\":true")
                ? Answer.ACTIVE : Answer.INACTIVE;
    }
}
