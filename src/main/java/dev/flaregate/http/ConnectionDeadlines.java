package dev.flaregate.http;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ServerID;
import io.vertx.core.net.impl.TCPServerBase;

/**
 * Puts a {@link ConnectionClock} on every connection the gateway's HTTP port accepts, and closes a connection beyond
 * {@link ConnectionsConfig#maxOpen()} as soon as it is accepted. Neither Vert.x nor Quarkus
 * lets an application see a connection before its first request head is whole, which is exactly when a slow head
 * must be timed; so the listening socket is found among Vert.x's shared servers and given a handler that meets each
 * connection as it is accepted. Should a Vert.x upgrade move what this reaches for, the gateway says so once at
 * startup and serves without the deadlines.
 */
@RegisterForReflection(targets = TCPServerBase.class, methods = false)
class ConnectionDeadlines {

    private static final Logger LOG = Logger.getLogger(ConnectionDeadlines.class);
    private static final ChannelHandler CLOSE_AT_ONCE = new CloseAtOnce();

    private final Vertx vertx;
    private final ConnectionsConfig config;

    ConnectionDeadlines(Vertx vertx, ConnectionsConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@ObservesAsync HttpServerStart start) {
        int port = start.options().getPort();
        Map<ServerID, HttpServerImpl> servers = ((VertxInternal) vertx).sharedHttpServers();
        HttpServerImpl main = null;
        synchronized (servers) {
            for (Map.Entry<ServerID, HttpServerImpl> server : servers.entrySet()) {
                if (server.getKey().port == port) {
                    main = server.getValue();
                }
            }
        }
        if (main == null) {
            unavailable(new IllegalStateException("no Vert.x server for port " + port));
            return;
        }
        listening(main).onSuccess(this::watch).onFailure(ConnectionDeadlines::unavailable);
    }

    private void watch(Channel listening) {
        listening.eventLoop().execute(() -> {
            if (listening.pipeline().get(Acceptor.class) == null) {
                listening.pipeline().addFirst(new Acceptor(config));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Future<Channel> listening(HttpServerImpl server) {
        try {
            Field bind = TCPServerBase.class.getDeclaredField("bindFuture");
            bind.setAccessible(true);
            Future<Channel> bound = (Future<Channel>) bind.get(server);
            return bound == null ? Future.failedFuture("the server has no socket of its own") : bound;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static void unavailable(Throwable cause) {
        LOG.warnf("Connection deadlines are off: the HTTP server's socket could not be reached (%s)", cause);
    }

    /** Meets each accepted connection before Vert.x sets it up: counts it, and gives it its clock. */
    @ChannelHandler.Sharable
    private static final class Acceptor extends ChannelInboundHandlerAdapter {

        private final ConnectionsConfig config;
        private final byte[] headTimeoutAnswer;
        private final AtomicInteger open = new AtomicInteger();

        Acceptor(ConnectionsConfig config) {
            this.config = config;
            this.headTimeoutAnswer = ConnectionClock.headTimeoutAnswer(config.headTimeout());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof Channel connection) {
                connection.closeFuture().addListener(closed -> open.decrementAndGet());
                boolean room = open.incrementAndGet() <= config.maxOpen();
                // A connection not yet registered cannot be closed from here: it is closed as soon as it is active.
                ChannelHandler first = room ? new ConnectionClock(config.headTimeout(), config.keepAliveTimeout(),
                        headTimeoutAnswer).bytes() : CLOSE_AT_ONCE;
                connection.pipeline().addFirst("flaregate-deadlines", first);
            }
            super.channelRead(ctx, msg);
        }
    }

    @ChannelHandler.Sharable
    private static final class CloseAtOnce extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}
