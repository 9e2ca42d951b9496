package org.tokensuite.infra.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The benchmark's own HTTP/1.1 connection against a scripted server on the loopback interface. */
class HttpConnectionTest {

    private ServerSocket server;
    private Thread serving;
    /** The answers the server gives, in order, each after reading one request; a connection ends after "close" ones. */
    private final Queue<String> script = new ConcurrentLinkedQueue<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Integer> connectionsSeen = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        serving = new Thread(this::acceptAll, "scripted-http");
        serving.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        serving.join();
    }

    @Test
    void pipelinedAnswersAreReadInOrderWhetherSizedOrChunked() throws Exception {
        script.add("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"id\":\"t-1\"}");
        script.add("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");

        try (HttpConnection connection = HttpConnection.to(uri())) {
            byte[] first = connection.request("POST", "/v1/tokens", "secret-credential", "application/json", "{}".getBytes());
            byte[] second = connection.request("GET", "/v1/tokens/t-1", null, null, null);
            List<HttpConnection.Answer> answers = connection.exchange(List.of(first, second));

            HttpConnection.Answer created = answers.get(0);
            HttpConnection.Answer read = answers.get(1);

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.text()).isEqualTo("{\"id\":\"t-1\"}");
            assertThat(created.closes()).isFalse();
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.text()).isEqualTo("hello, world");
        }
        assertThat(requestLines).containsExactly("POST /v1/tokens HTTP/1.1", "GET /v1/tokens/t-1 HTTP/1.1");
    }

    @Test
    void afterAnAnswerThatClosesTheConnectionTheNextRequestGoesOverANewOne() throws Exception {
        script.add("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        script.add("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain");

        try (HttpConnection connection = HttpConnection.to(uri())) {
            HttpConnection.Answer last = connection.exchange("POST", "/a", null, "application/json", "{}".getBytes());
            HttpConnection.Answer next = connection.exchange("POST", "/b", null, "application/json", "{}".getBytes());

            assertThat(last.closes()).isTrue();
            assertThat(next.text()).isEqualTo("again");
        }
        // The first connection carried one request and ended before the second was accepted.
        assertThat(accepted.get()).isEqualTo(2);
        synchronized (connectionsSeen) {
            assertThat(connectionsSeen).first().isEqualTo(1);
        }
    }

    @Test
    void anUnexpectedStatusFailsNamingTheCallAndTheAnswer() {
        HttpConnection.Answer refused = new HttpConnection.Answer(409, "{\"title\":\"conflict\"}".getBytes(StandardCharsets.UTF_8), false);

        assertThat(catchThrowable(() -> refused.expect(201, "issue")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issue answered 409").hasMessageContaining("conflict");
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Serves connections one at a time until closed, counting the requests each carried. */
    private void acceptAll() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                accepted.incrementAndGet();
                int requests = serveOne(socket);
                synchronized (connectionsSeen) {
                    connectionsSeen.add(requests);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private int serveOne(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = socket.getOutputStream();
        int requests = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            requestLines.add(line);
            int length = 0;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring("content-length:".length()).trim());
                }
            }
            in.skip(length);
            requests++;
            String answer = script.poll();
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (answer.contains("Connection: close")) {
                return requests;
            }
        }
        return requests;
    }
}
