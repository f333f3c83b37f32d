package dev.flaregate.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One HTTP/1.1 connection's deadlines between requests: a request head must be whole within the head timeout of the
 * connection's opening or of its first byte after the previous response, and a connection with no request in
 * flight is closed after the keep-alive timeout. The connection is seen twice: as bytes, before Netty's HTTP decoder
 * (so that the first byte of a head starts its clock), and as decoded messages after it (a head that has arrived,
 * a response that has ended). All of it runs on the connection's event loop.
 */
final class ConnectionClock {

    /** Vert.x's names for Netty's HTTP codec: the messages are seen after both, decoded in and not yet encoded out. */
    private static final String DECODER = "httpDecoder";
    private static final String ENCODER = "httpEncoder";

    private enum State { HEAD, REQUEST, IDLE }

    private final Duration headTimeout;
    private final Duration keepAliveTimeout;
    private final byte[] headTimeoutAnswer;
    private State state = State.HEAD;
    /** Requests whose head has arrived and whose response has not ended: more than one when pipelined. */
    private int inFlight;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext raw;

    ConnectionClock(Duration headTimeout, Duration keepAliveTimeout, byte[] headTimeoutAnswer) {
        this.headTimeout = headTimeout;
        this.keepAliveTimeout = keepAliveTimeout;
        this.headTimeoutAnswer = headTimeoutAnswer;
    }

    /** What a client whose head was too slow is sent, in OpenAI's envelope: the same bytes for every connection. */
    static byte[] headTimeoutAnswer(Duration headTimeout) {
        String body = "{\"error\":{\"message\":\"The request head did not arrive within " + headTimeout.toSeconds()
                + " s\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"request_timeout\"}}";
        return ("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                + "connection: close\r\ncontent-length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The handler that goes first in the connection's pipeline, before Vert.x has set it up. */
    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) throws Exception {
                raw = ctx;
                if (ctx.pipeline().get(DECODER) == null || ctx.pipeline().get(ENCODER) == null) {
                    // TLS or h2c: the decoder comes later, if ever, and a head could pass unseen.
                    ctx.pipeline().remove(this);
                } else {
                    ctx.pipeline().addAfter(ENCODER, "flaregate-messages", messages());
                    awaitHead();
                }
                super.channelActive(ctx);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (state == State.IDLE) {
                    state = State.HEAD;
                    awaitHead();
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                disarm();
                super.channelInactive(ctx);
            }
        };
    }

    private ChannelDuplexHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof HttpRequest) {
                    inFlight++;
                    state = State.REQUEST;
                    disarm();
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                boolean informational = msg instanceof HttpResponse response
                        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if (msg instanceof LastHttpContent && !informational && inFlight > 0 && --inFlight == 0) {
                    state = State.IDLE;
                    arm(keepAliveTimeout, raw::close);
                }
                super.write(ctx, msg, promise);
            }
        };
    }

    /** A head too slow gets OpenAI's envelope, written below the decoder since no request exists to answer. */
    private void awaitHead() {
        arm(headTimeout, () -> raw.writeAndFlush(Unpooled.wrappedBuffer(headTimeoutAnswer))
                .addListener(ChannelFutureListener.CLOSE));
    }

    private void arm(Duration after, Runnable action) {
        disarm();
        timer = raw.executor().schedule(action, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
