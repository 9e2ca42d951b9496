package org.tokensuite.query.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;

/**
 * Answers requests refused before Spring sees them with the suite's problem+json instead of
 * Reactor Netty's (or Spring's adapter's) empty body: headers over the limit (431), a request line
 * over the limit (414), any other undecodable request (400), and a target that is not a valid URI,
 * such as a bad {@code %} escape (400). The detail is fixed: nothing of the request is echoed, it
 * may hold a secret. One instance per connection (it remembers that the connection is refused).
 */
final class EarlyRefusals extends ChannelInboundHandlerAdapter {

    /** How long a refused connection keeps reading (and discarding) before it is closed. */
    private static final long LINGER_MILLIS = 2_000;

    private final byte[] headersTooLarge;
    private final byte[] lineTooLong;
    private final byte[] malformed;
    private boolean refused;

    EarlyRefusals(ProblemRenderer renderer) {
        this.headersTooLarge = renderer.body(new ApiProblem(431, "the request headers are larger than this service accepts"));
        this.lineTooLong = renderer.body(new ApiProblem(414, "the request line is longer than this service accepts"));
        this.malformed = renderer.body(ApiProblem.invalidRequest("the request is not well-formed HTTP"));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // the rest of a refused request, or anything pipelined after it
            return;
        }
        if (msg instanceof HttpRequest request) {
            DecoderResult result = request.decoderResult();
            if (result.isFailure()) {
                Throwable cause = result.cause();
                if (cause instanceof TooLongHttpHeaderException) {
                    refuse(ctx, msg, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, headersTooLarge);
                } else if (cause instanceof TooLongHttpLineException) {
                    refuse(ctx, msg, HttpResponseStatus.REQUEST_URI_TOO_LONG, lineTooLong);
                } else {
                    refuse(ctx, msg, HttpResponseStatus.BAD_REQUEST, malformed);
                }
                return;
            }
            if (!isValidUri(request.uri())) {
                refuse(ctx, msg, HttpResponseStatus.BAD_REQUEST, malformed);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The same test Spring's Reactor adapter makes (it would answer an empty 400). */
    private static boolean isValidUri(String uri) {
        if (isPlainPath(uri)) {
            return true; // the common case (e.g. /v1/introspect): no need to run the full parser
        }
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** An absolute path of only unreserved characters and '/', which is always a valid URI. */
    private static boolean isPlainPath(String uri) {
        int length = uri.length();
        if (length == 0 || uri.charAt(0) != '/') {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = uri.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '-' || c == '.' || c == '_' || c == '~';
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, HttpResponseStatus status, byte[] body) {
        refused = true;
        ReferenceCountUtil.release(msg);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        answerAndClose(ctx, response);
    }

    /**
     * Writes a refusal and closes the connection. Closing with unread request bytes would reset the connection, and
     * the client could lose the answer: stop sending, keep discarding what still arrives (the caller's duty), close a
     * little later.
     */
    static void answerAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(written -> {
            if (ctx.channel() instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }
}
