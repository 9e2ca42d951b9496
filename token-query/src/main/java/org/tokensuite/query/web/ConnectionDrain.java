package org.tokensuite.query.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * When the service begins to stop, closes every HTTP connection that has no request in flight, and each other one as
 * soon as its last answer is written (that answer says {@code Connection: close}). It runs just before the web
 * server's graceful shutdown, which then finds only connections with requests in flight.
 *
 * <p>Why not leave it to the server: Reactor Netty 1.2.11 decides whether a connection is busy from the request state
 * bound to it, and an answer written off the event loop (the database's health, the inventory's reads) could leave a
 * finished request's state bound for good. The graceful shutdown then waited its full timeout (30 s) for an idle
 * keep-alive connection, and the launcher killed the process. This count is kept here, from the HTTP messages
 * themselves: a request read, its last content written.
 */
public final class ConnectionDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConnectionDrain.class);
    /** How long {@link #stop()} waits for the idle connections to be closed. */
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Set<InFlight> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private volatile boolean running;

    /** A new connection's counter, to add to its pipeline behind the HTTP/1.1 codec. */
    ChannelDuplexHandler counter() {
        return new InFlight();
    }

    @Override
    public void start() {
        draining = false;
        running = true;
    }

    @Override
    public void stop() {
        draining = true;
        running = false;
        List<Future<ChannelFuture>> closing = new ArrayList<>();
        for (InFlight connection : connections) {
            // On the connection's own event loop: no request can be read between the check and the close.
            closing.add(connection.channel.eventLoop().submit(connection::closeIfIdle));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        int idle = 0;
        int busy = 0;
        for (Future<ChannelFuture> close : closing) {
            try {
                ChannelFuture closed = close.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (closed == null) {
                    busy++;
                } else {
                    idle++;
                    closed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // The connection's event loop is gone or slow: the server's own shutdown deals with it.
            }
        }
        log.info("stopping: closing {} idle HTTP connection(s); {} with requests in flight close after their answers",
                idle, busy);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the web server's graceful shutdown (a higher phase stops earlier). */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }

    /** One connection: its requests read and not yet answered in full. Touched only on its event loop. */
    private final class InFlight extends ChannelDuplexHandler {

        private Channel channel;
        private int requests;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            connections.add(this);
            channel.closeFuture().addListener(closed -> connections.remove(this));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                requests++;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise); // 100 Continue: the request's answer is still to come
                return;
            }
            if (draining && msg instanceof HttpResponse response) {
                HttpUtil.setKeepAlive(response, false);
            }
            if (!(msg instanceof LastHttpContent)) {
                ctx.write(msg, promise);
                return;
            }
            ChannelPromise written = promise.unvoid();
            written.addListener(done -> {
                requests--;
                if (draining && requests <= 0) {
                    ctx.close();
                }
            });
            ctx.write(msg, written);
        }

        /** Closes the connection when nothing is in flight on it; the close's future, or null when it stays open. */
        ChannelFuture closeIfIdle() {
            return requests > 0 ? null : channel.close();
        }
    }
}
