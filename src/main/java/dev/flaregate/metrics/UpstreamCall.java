package dev.flaregate.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One Workers AI call as the metrics see it: each attempt timed from when it leaves the gateway's queue (the wait
 * for a place is the gateway's, not Workers AI's) to its answer or, for a stream, to the stream's end; each failed
 * attempt counted by its error; each retry counted with the failure it retries. Attempts run one after another.
 */
public final class UpstreamCall {

    private static final UpstreamCall UNOBSERVED = new UpstreamCall(null, null, null, false, null);

    private final GatewayMetrics metrics;
    private final RequestRecord record;
    private final Operation operation;
    private final String model;
    private final boolean streamed;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile long sentAt;
    private volatile String lastFailure;

    UpstreamCall(GatewayMetrics metrics, Operation operation, String model, boolean streamed, RequestRecord record) {
        this.metrics = metrics;
        this.record = record;
        this.operation = operation;
        this.model = model;
        this.streamed = streamed;
    }

    /** For calls that are no generative AI operation (the catalogue). */
    public static UpstreamCall unobserved() {
        return UNOBSERVED;
    }

    /**
     * One attempt, as the retry guard starts it. For a stream it ends with the first frame; {@link #rest} watches
     * the remainder.
     */
    public <T> Uni<T> attempt(Supplier<Uni<T>> attempt) {
        if (metrics == null) {
            return attempt.get();
        }
        if (attempts.getAndIncrement() > 0) {
            metrics.retried(operation, model, lastFailure);
        }
        sentAt = 0;
        return attempt.get()
                .onItem().invoke(() -> {
                    if (!streamed) {
                        ended(GatewayMetrics.NO_ERROR);
                    }
                })
                .onFailure().invoke(failure -> {
                    lastFailure = GatewayMetrics.errorType(failure);
                    ended(lastFailure);
                });
    }

    /** The attempt got its place and goes to Workers AI now. */
    public <T> T sending(Supplier<T> call) {
        sentAt = System.nanoTime();
        if (record != null) {
            record.upstreamSent(sentAt);
        }
        return call.get();
    }

    /**
     * A stream after its first frame: the attempt ends with it. A cancelled stream (a stop sequence, a client gone)
     * is no error of Workers AI's.
     */
    public <T> Multi<T> rest(Multi<T> stream) {
        if (metrics == null) {
            return stream;
        }
        return stream.onTermination().invoke((failure, cancelled) -> ended(
                failure == null ? GatewayMetrics.NO_ERROR : GatewayMetrics.errorType(failure)));
    }

    /** An attempt the gateway refused before sending (no place free) never reached Workers AI. */
    private void ended(String errorType) {
        long sent = sentAt;
        if (sent != 0) {
            long now = System.nanoTime();
            record.upstreamEnded(now);
            metrics.upstreamAttempt(operation, model, errorType, now - sent);
        }
    }
}
