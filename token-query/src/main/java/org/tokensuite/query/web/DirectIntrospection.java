package org.tokensuite.query.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.tokensuite.platform.problem.ProblemType;
import org.tokensuite.platform.security.TrustedProxies;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers {@code POST /v1/introspect} and {@code /v1/introspect/nginx} on the connection itself, before Reactor Netty's request operations, Spring's
 * adapter and WebFlux see it: the verifier's hot path, whose own work (a hash, a map look-up, precomputed bytes) was
 * a small part of what the framework around it cost per call (infra's README, "Profile of introspection"). The rules
 * and the answers are {@link IntrospectionRules}', the same the WebFlux route gives.
 *
 * <p>It takes a request only when the connection has no other request in flight: HTTP/1.1 answers pipelined requests
 * in order, and one still being served by the framework (an inventory read, say) must be answered first. Such a
 * request, and one that expects {@code 100 Continue}, goes on to the WebFlux route. One instance per connection,
 * touched only on its event loop. Never logs a token.
 */
final class DirectIntrospection extends ChannelDuplexHandler {

    /** The two routes answered here. */
    enum Route {
        INTROSPECT("/v1/introspect"), NGINX("/v1/introspect/nginx");

        final String uri;

        Route(String uri) {
            this.uri = uri;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DirectIntrospection.class);

    private final IntrospectionRules rules;
    private final ProblemRenderer problems;
    private final TrustedProxies proxies;
    private final DirectAnswerTimer timer;
    private final Clock clock;

    /** The request being answered here while its body arrives; null between requests. */
    private HttpRequest taken;
    private Route takenRoute;
    private long takenAtNanos;
    /** Its body so far, when it came in more than one piece. */
    private ByteBuf body;
    /** Requests handed on to the framework whose answers are not written yet. */
    private int handedOn;
    /** After an answer that closes the connection: whatever still arrives is dropped. */
    private boolean closing;
    private boolean unflushed;
    /** With no trusted proxy: the connection's peer as a client address, resolved once per connection if asked. */
    private Supplier<String> connectionAddress;

    DirectIntrospection(IntrospectionRules rules, ProblemRenderer problems, TrustedProxies proxies,
                        DirectAnswerTimer timer, Clock clock) {
        this.rules = rules;
        this.problems = problems;
        this.proxies = proxies;
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (taken != null) {
            if (msg instanceof HttpContent content) {
                receive(ctx, content);
            } else {
                ReferenceCountUtil.release(msg); // the codec sends a request's contents before the next request
            }
            return;
        }
        if (msg instanceof HttpRequest request) {
            Route route = handedOn == 0 ? routeOf(request) : null;
            if (route != null) {
                taken = request;
                takenRoute = route;
                takenAtNanos = System.nanoTime();
                if (msg instanceof HttpContent content) {
                    receive(ctx, content);
                }
                return;
            }
            handedOn++;
        }
        ctx.fireChannelRead(msg);
    }

    /** The route this handler answers the request on, or null: the framework's. */
    private static Route routeOf(HttpRequest request) {
        if (!request.decoderResult().isSuccess() || HttpUtil.is100ContinueExpected(request)) {
            return null;
        }
        String uri = request.uri();
        if (request.method().equals(HttpMethod.POST) && Route.INTROSPECT.uri.equals(uri)) {
            return Route.INTROSPECT;
        }
        // Any method: nginx auth_request subrequests carry the original request's method.
        String nginx = Route.NGINX.uri;
        if (uri.startsWith(nginx) && (uri.length() == nginx.length() || uri.charAt(nginx.length()) == '?')) {
            return Route.NGINX;
        }
        return null;
    }

    /** A piece of the taken request's body: kept (within the form limit), and on the last one, answered. */
    private void receive(ChannelHandlerContext ctx, HttpContent content) {
        if (takenRoute == Route.NGINX) {
            content.release(); // the nginx route reads no body: whatever comes is dropped, not held
            if (content instanceof LastHttpContent) {
                complete(ctx, Unpooled.EMPTY_BUFFER);
            }
            return;
        }
        ByteBuf data = content.content();
        int held = body == null ? 0 : body.readableBytes();
        if (held + data.readableBytes() > IntrospectionForm.MAX_BYTES) {
            content.release();
            releaseBody();
            HttpRequest request = taken;
            taken = null;
            answer(ctx, request, IntrospectionRules.Answer.of(
                    new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, "the request body is larger than this service accepts")), false, true);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (last && body == null) {
            try {
                complete(ctx, data); // the whole body in one piece: the common case, read where it lies
            } finally {
                content.release();
            }
            return;
        }
        if (body == null) {
            body = ctx.alloc().heapBuffer(Math.max(data.readableBytes() * 2, 256));
        }
        body.writeBytes(data);
        content.release();
        if (last) {
            ByteBuf whole = body;
            body = null;
            try {
                complete(ctx, whole);
            } finally {
                whole.release();
            }
        }
    }

    private void complete(ChannelHandlerContext ctx, ByteBuf data) {
        HttpRequest request = taken;
        taken = null;
        IntrospectionRules.Answer answer;
        try {
            long nowMillis = clock.millis();
            ApiProblem closed = rules.closed(nowMillis);
            answer = closed != null ? IntrospectionRules.Answer.of(closed)
                    : takenRoute == Route.NGINX ? decideNginx(ctx, request, nowMillis) : decide(ctx, request, data, nowMillis);
        } catch (RuntimeException e) {
            log.error("unexpected error answering an introspection", e);
            answer = IntrospectionRules.Answer.of(ApiProblem.unavailable("the service cannot answer right now"));
        }
        answer(ctx, request, answer, HttpUtil.isKeepAlive(request), false);
    }

    private IntrospectionRules.Answer decide(ChannelHandlerContext ctx, HttpRequest request, ByteBuf data, long nowMillis) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        Charset charset;
        boolean malformedType = false;
        try {
            charset = IntrospectionForm.formCharset(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
        } catch (IllegalArgumentException malformed) {
            charset = null;
            malformedType = true; // may have been a form: the body's reading answers it, after the credentials check
        }
        ApiProblem refused = IntrospectionRules.unauthenticatedBeforeBody(authorization, charset != null || malformedType);
        if (refused != null) {
            return IntrospectionRules.Answer.of(refused);
        }
        if (malformedType) {
            return IntrospectionRules.Answer.of(IntrospectionRules.malformedForm());
        }
        IntrospectionForm form;
        try {
            form = charset == null ? IntrospectionForm.EMPTY : IntrospectionForm.parse(data.toString(charset), charset);
        } catch (IllegalArgumentException malformed) {
            return IntrospectionRules.Answer.of(IntrospectionRules.malformedForm());
        }
        return rules.answer(nowMillis, authorization, form, clientAddress(ctx, request));
    }

    private IntrospectionRules.Answer decideNginx(ChannelHandlerContext ctx, HttpRequest request, long nowMillis) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String wanted;
        try {
            // The query's pairs read as a form's are (URL-decoded, the first value wins).
            wanted = query < 0 ? null : IntrospectionForm.parse(uri.substring(query + 1), StandardCharsets.UTF_8).scope();
        } catch (IllegalArgumentException malformed) {
            return IntrospectionRules.Answer.of(ApiProblem.invalidRequest("the request is not well-formed HTTP"));
        }
        return rules.nginx(nowMillis, request.method().name(), request.headers().get(HttpHeaderNames.AUTHORIZATION),
                request.headers().get(IntrospectionRules.SERVICE_AUTHORIZATION), wanted, clientAddress(ctx, request));
    }

    /**
     * Where the request comes from, by the trusted proxies, resolved at most once and only if asked. With no trusted
     * proxy that is the connection's peer, the same for every request on it: resolved once per connection.
     */
    private Supplier<String> clientAddress(ChannelHandlerContext ctx, HttpRequest request) {
        if (proxies.isEmpty()) {
            if (connectionAddress == null) {
                connectionAddress = proxies.lazily(() -> peer(ctx), name -> List.of());
            }
            return connectionAddress;
        }
        return proxies.lazily(() -> peer(ctx), name -> request.headers().getAll(name));
    }

    private static String peer(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
    }

    /**
     * Writes the answer; {@code keepAlive} false closes the connection after it, {@code bodyUnread} says that the rest
     * of the request may still be arriving (closing on unread bytes could reset the connection and lose the answer).
     */
    private void answer(ChannelHandlerContext ctx, HttpRequest request, IntrospectionRules.Answer answer,
                        boolean keepAlive, boolean bodyUnread) {
        FullHttpResponse response;
        if (answer.problem() == null && answer.json() == null) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
            answer.headers().forEach(response.headers()::set);
        } else if (answer.problem() == null) {
            response = response(HttpResponseStatus.OK, answer.json());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        } else {
            ApiProblem problem = answer.problem();
            response = response(HttpResponseStatus.valueOf(problem.status()), problems.body(problem));
            HttpHeaders headers = new HttpHeaders();
            problems.headers(problem, headers);
            for (Map.Entry<String, List<String>> header : headers.headerSet()) {
                response.headers().set(header.getKey(), header.getValue());
            }
        }
        timer.record(takenRoute, request.method(), answer.status(), System.nanoTime() - takenAtNanos);
        if (keepAlive) {
            HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), true);
            ctx.write(response);
            unflushed = true;
            return;
        }
        closing = true;
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        if (bodyUnread) {
            EarlyRefusals.answerAndClose(ctx, response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] bytes) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    /**
     * The answers of one read go out in one flush. Reactor Netty reads a connection only when asked (auto-read off),
     * and asks when its own request is answered: for the requests taken here, which it never sees, this handler asks
     * for the next read itself, unless one of the framework's requests is in flight (it then asks when it is done).
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        if ((taken != null || handedOn == 0) && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    /** Counts the answers the framework writes, so that a request behind one of them waits its turn. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !informational && handedOn > 0) {
            handedOn--;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
        taken = null;
        ctx.fireChannelInactive();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
