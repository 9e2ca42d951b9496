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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection of the benchmark's own, over a blocking socket: requests are written as bytes
 * (one or several at once, pipelined), answers are read in order. The JDK's HttpClient passes every exchange through
 * its selector thread and futures; as the load generator of the command windows it used 0.6 ms of CPU per command,
 * an eighth of the two cores the suite itself is measured on, where this costs a write and a read (0.14 ms).
 *
 * <p>A server may close the connection after an answer (Tomcat does every hundred requests, saying
 * {@code Connection: close}): the next request then opens a new one. Nothing is ever sent twice here; a caller whose
 * requests are safe to repeat may {@link #reopen()} after a failure and send them again.
 */
final class HttpConnection implements AutoCloseable {

    /** One answer: its status, its body, and whether the server closes the connection after it. */
    record Answer(int status, byte[] body, boolean closes) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** This answer, or a failure naming {@code what} with the status and body when the status is not {@code expected}. */
        Answer expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + " answered " + status + " (expected " + expected + "): " + text());
            }
            return this;
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A connection to the service at {@code service} (scheme http), opened now. */
    static HttpConnection to(URI service) throws IOException {
        HttpConnection connection = new HttpConnection(service.getHost(), service.getPort());
        connection.reopen();
        return connection;
    }

    /** The bytes of one request: {@code method target}, a bearer credential (null: none), and a body of {@code type}. */
    byte[] request(String method, String target, String bearer, String type, byte[] body) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target)
                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: ").append(type).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return start;
        }
        byte[] whole = new byte[start.length + body.length];
        System.arraycopy(start, 0, whole, 0, start.length);
        System.arraycopy(body, 0, whole, start.length, body.length);
        return whole;
    }

    /** One request and its answer. */
    Answer exchange(String method, String target, String bearer, String type, byte[] body) throws IOException {
        return exchange(List.of(request(method, target, bearer, type, body))).get(0);
    }

    /**
     * {@code requests} written back to back (pipelined), then their answers in order; the connection is opened again
     * when the server said it closes it.
     */
    List<Answer> exchange(List<byte[]> requests) throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        requests.forEach(written::writeBytes);
        out.write(written.toByteArray());
        out.flush();
        List<Answer> answers = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            answers.add(read());
        }
        if (answers.stream().anyMatch(Answer::closes)) {
            reopen();
        }
        return answers;
    }

    private Answer read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:")) {
                chunked = lower.contains("chunked");
            } else if (lower.startsWith("connection:")) {
                closes = lower.contains("close");
            }
        }
        byte[] body = chunked ? chunks() : bytes(Math.max(length, 0));
        return new Answer(code, body, closes);
    }

    /** Closes this connection (if open) and opens a new one. */
    void reopen() throws IOException {
        close();
        Socket opened = new Socket();
        opened.setTcpNoDelay(true);
        opened.setSoTimeout(30_000);
        opened.connect(new InetSocketAddress(host, port), 5_000);
        socket = opened;
        in = new BufferedInputStream(opened.getInputStream(), 65_536);
        out = opened.getOutputStream();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.writeBytes(bytes(size));
            line(); // the CRLF after each chunk
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers: none expected, none kept
        }
        return body.toByteArray();
    }

    private int chunkSize() throws IOException {
        String size = line();
        int extension = size.indexOf(';');
        return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private byte[] bytes(int length) throws IOException {
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the connection closed inside an answer");
        }
        return body;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
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
