package org.tokensuite.query;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.query.web.ConnectionDrain;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop (a deployment, the launcher's Ctrl-C) waits for requests in flight, not for idle keep-alive connections.
 * Answers computed off the event loop (the database's health, the inventory's reads) could leave such a connection
 * looking busy to Reactor Netty for good, and every stop then took the full shutdown timeout (30 s) and ended in a
 * kill; {@link ConnectionDrain} closes idle connections first, and busy ones once answered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD) // each test stops the server
class GracefulShutdownTest {

    /** Enough answers on one connection that one of them used to leave it looking busy (about one in fifty did). */
    private static final int REQUESTS = 300;
    private static final String HEALTH = "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "query_shutdown");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    @Autowired
    ReactiveWebServerApplicationContext context;
    @Autowired
    ConnectionDrain drain;

    @Test
    void aStopClosesIdleKeepAliveConnectionsAndDoesNotWaitForThem() throws Exception {
        try (Socket client = connect()) {
            for (int i = 0; i < REQUESTS; i++) {
                send(client, HEALTH);
                assertThat(readResponse(client).status()).isIn(200, 503);
            }

            drain.stop();
            assertThat(client.getInputStream().read()).as("the server closed the idle connection").isEqualTo(-1);

            // IDLE: the server found nothing in flight and stopped without waiting; a connection wrongly taken for
            // busy keeps this waiting (the bound only keeps such a failure from hanging the build).
            CompletableFuture<GracefulShutdownResult> stopped = new CompletableFuture<>();
            context.getWebServer().shutDownGracefully(stopped::complete);
            assertThat(stopped).succeedsWithin(Duration.ofSeconds(20)).isEqualTo(GracefulShutdownResult.IDLE);
        }
    }

    @Test
    void aRequestInFlightWhenTheStopBeginsIsAnsweredAndItsConnectionThenClosed() throws Exception {
        try (Socket client = connect()) {
            send(client, HEALTH);
            assertThat(readResponse(client).status()).isIn(200, 503);
            String form = "token=abc";
            // Headers sent, body not yet; the server's 100 Continue says it has read them: the request is in flight.
            send(client, "POST /v1/introspect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + form.length() + "\r\n\r\n");
            assertThat(readResponse(client).status()).isEqualTo(100);

            drain.stop();
            send(client, form);
            Response answer = readResponse(client);

            assertThat(answer.status()).as("answered as ever: no credentials").isEqualTo(401);
            assertThat(answer.headers()).contains("connection: close");
            assertThat(client.getInputStream().read()).as("closed after its answer").isEqualTo(-1);
        }
    }

    private record Response(int status, String headers) {
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", context.getWebServer().getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response with a Content-Length body (what these endpoints send): its status and lower-cased headers. */
    private static Response readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("a complete response head").isNotEqualTo(-1);
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        return new Response(Integer.parseInt(headers.substring(9, 12)), headers);
    }
}
