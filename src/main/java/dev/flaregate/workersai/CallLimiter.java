package dev.flaregate.workersai;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A bound on Workers AI calls in flight, with a bounded queue: a call beyond the bound waits its turn, a call
 * beyond the queue fails at once, and so does one that waited too long, so memory stays bounded under any load.
 * A stream holds its place until it ends. Non-blocking: waiting is a pending {@link Uni}, not a thread.
 */
final class CallLimiter {

    private static final Cancellable STOPPED = () -> { };

    private final int maxCalls;
    private final int maxQueued;
    private final Duration maxWait;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final Queue<Ticket> waiting = new ConcurrentLinkedQueue<>();

    CallLimiter(int maxCalls, int maxQueued, Duration maxWait) {
        this.maxCalls = maxCalls;
        this.maxQueued = maxQueued;
        this.maxWait = maxWait;
    }

    <T> Uni<T> around(Supplier<Uni<T>> call) {
        return aroundStream(() -> call.get().toMulti()).toUni();
    }

    <T> Multi<T> aroundStream(Supplier<Multi<T>> stream) {
        return Multi.createFrom().deferred(() -> {
            Ticket ticket = new Ticket();
            return ticket.acquire().onItem().transformToMulti(ignored -> Multi.createFrom().<T>emitter(holder -> {
                // Whichever comes second, the end of the holder or the start of the call, stops the call and only
                // then gives its place back, so that the bound holds at every instant.
                AtomicReference<Cancellable> running = new AtomicReference<>();
                holder.onTermination(() -> {
                    Cancellable call = running.getAndSet(STOPPED);
                    if (call != null) {
                        call.cancel();
                        ticket.release();
                    }
                });
                Cancellable call;
                try {
                    call = stream.get().subscribe().with(
                            holder::emit,
                            failure -> {
                                ticket.release();
                                holder.fail(failure);
                            },
                            () -> {
                                ticket.release();
                                holder.complete();
                            });
                } catch (RuntimeException e) {
                    ticket.release();
                    throw e;
                }
                if (!running.compareAndSet(null, call)) {
                    call.cancel();
                    ticket.release();
                }
            }));
        });
    }

    private boolean take() {
        int now;
        do {
            now = active.get();
            if (now >= maxCalls) {
                return false;
            }
        } while (!active.compareAndSet(now, now + 1));
        return true;
    }

    /** Hands free places to waiting calls, first come first served; skips those that gave up. */
    private void wake() {
        Ticket next;
        while ((next = waiting.peek()) != null && take()) {
            waiting.poll();
            if (!next.grant()) {
                active.decrementAndGet();
            }
        }
    }

    private WorkersAiException overloaded(String why) {
        return new WorkersAiException(WorkersAiException.Kind.OVERLOADED, 0, null, "The gateway is at its limit of "
                + maxCalls + " concurrent Workers AI calls and " + why, Duration.ofSeconds(1));
    }

    /** One call's place: queued, then granted or given up; released exactly once if granted. */
    private final class Ticket {
        private static final int QUEUED = 0;
        private static final int GRANTED = 1;
        private static final int LEFT = 2;

        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean delivered;
        private volatile UniEmitter<? super Boolean> emitter;
        /** The waiting call's own context, where its turn is handed to it; none off Vert.x. */
        private volatile Context context;

        Uni<Boolean> acquire() {
            if (take()) {
                // A free place: granted at once, without the queue's timer, which every call would otherwise set.
                state.set(GRANTED);
                delivered = true;
                return Uni.createFrom().item(true);
            }
            return Uni.createFrom().<Boolean>emitter(e -> {
                emitter = e;
                context = Vertx.currentContext();
                if (take()) {
                    state.set(GRANTED);
                    e.complete(true);
                    return;
                }
                if (queued.incrementAndGet() > maxQueued) {
                    queued.decrementAndGet();
                    state.set(LEFT);
                    e.fail(overloaded("its queue of " + maxQueued + " is full"));
                    return;
                }
                e.onTermination(this::leave);
                waiting.add(this);
                // A place may have come free between take() and add(): nobody would wake us for it.
                wake();
            })
                    .ifNoItem().after(maxWait)
                    .failWith(() -> overloaded("no place came free within " + maxWait.toMillis() + " ms"))
                    // Past the timeout: an item the timeout dropped was never delivered.
                    .invoke(() -> delivered = true);
        }

        /**
         * Hands the place over on a turn of the waiting call's own event loop, never inline: the place usually comes
         * free in another call's teardown (a stream whose client has gone, its connection being reset), on another
         * request's context, and a call started there ran on that context and could lose its new connection.
         */
        boolean grant() {
            if (!state.compareAndSet(QUEUED, GRANTED)) {
                return false;
            }
            queued.decrementAndGet();
            Context own = context;
            if (own == null) {
                deliver();
            } else {
                own.runOnContext(ignored -> deliver());
            }
            return true;
        }

        private void deliver() {
            emitter.complete(true);
            // Delivery is synchronous: not delivered means the call gave up meanwhile, so the place is free again.
            if (!delivered) {
                release();
            }
        }

        /** The waiting call ended (timed out, cancelled, or completed with its place). */
        private void leave() {
            if (state.compareAndSet(QUEUED, LEFT)) {
                queued.decrementAndGet();
                waiting.remove(this);
            } else if (!delivered) {
                release();
            }
        }

        void release() {
            if (state.get() == GRANTED && released.compareAndSet(false, true)) {
                active.decrementAndGet();
                wake();
            }
        }
    }
}
