package org.tokensuite.infra.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    private final String host;
    private final int port;
    private final String credential;
    private final AtomicLong unavailable = new AtomicLong();

    PipelinedIntrospection(URI tokenQuery, String credential) {
        this.host = tokenQuery.getHost();
        this.port = tokenQuery.getPort();
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

    /** One keep-alive connection and its buffered input (answers are read from it in order). */
    private record Connection(Socket socket, InputStream in, OutputStream out) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private List<String> stillActiveOver(List<String> tokens) throws IOException {
        List<String> active = new ArrayList<>();
        Connection connection = connect();
        try {
            for (int from = 0; from < tokens.size(); from += WINDOW) {
                List<String> window = tokens.subList(from, Math.min(tokens.size(), from + WINDOW));
                List<Answer> answers;
                try {
                    answers = exchange(connection, window);
                } catch (IOException e) {
                    // The server may close a keep-alive connection at any time: a new one, and the window again.
                    connection.close();
                    connection = connect();
                    answers = exchange(connection, window);
                }
                for (int i = 0; i < window.size(); i++) {
                    if (answers.get(i) != Answer.INACTIVE) {
                        active.add(window.get(i));
                    }
                }
            }
        } finally {
            connection.close();
        }
        return active;
    }

    private Connection connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        return new Connection(socket, new BufferedInputStream(socket.getInputStream(), 65_536), socket.getOutputStream());
    }

    private List<Answer> exchange(Connection connection, List<String> window) throws IOException {
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        for (String token : window) {
            byte[] body = ("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
            requests.writeBytes(("POST /v1/introspect HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAuthorization: Bearer " + credential
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            requests.writeBytes(body);
        }
        connection.out().write(requests.toByteArray());
        connection.out().flush();
        List<Answer> answers = new ArrayList<>(window.size());
        for (int i = 0; i < window.size(); i++) {
            answers.add(readAnswer(connection.in()));
        }
        return answers;
    }

    private enum Answer { ACTIVE, INACTIVE, UNAVAILABLE }

    /** One response: whether it says {@code "active":true}, or 503; fails on any other status. */
    private Answer readAnswer(InputStream in) throws IOException {
        String status = line(in);
        int length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new IllegalStateException("an introspection answer without Content-Length: " + status);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the connection closed inside an answer");
        }
        if (status.startsWith("HTTP/1.1 503")) {
            unavailable.incrementAndGet();
            return Answer.UNAVAILABLE;
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("introspection answered " + status + ": " + new String(body, StandardCharsets.UTF_8));
        }
        return new String(body, StandardCharsets.UTF_8).replace(" ", "").contains("\"active\":true")
                ? Answer.ACTIVE : Answer.INACTIVE;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection closed before an answer ended");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
