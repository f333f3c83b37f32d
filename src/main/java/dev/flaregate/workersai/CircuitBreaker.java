package dev.flaregate.workersai;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Stops calling a Workers AI that keeps failing, and starts again as soon as it answers. Closed, it counts the
 * outcomes of the last {@code requestVolume} calls and opens when the faults among them (see
 * {@link RetryPolicy#upstreamFault}) reach the failure ratio. Open, it refuses every call for the open period, then
 * turns half-open and lets {@code successThreshold} trial calls through: if they all succeed it closes, if one
 * fails it opens again for twice as long, up to the longest period. A short outage thus costs a short refusal,
 * and a long one is tried only now and then.
 * <p>
 * Thread-safe: calls end on any event loop. The monitor is held for a few field updates, never across a call. A
 * call counts only in the state that let it through: one admitted before the breaker opened or closed is ignored.
 */
final class CircuitBreaker {

    /**
     * A call the breaker let through, in the state numbered {@code epoch}. Not a record: the records of this package
     * are its wire types, every one of them registered for Jackson in the native image.
     */
    static final class Permit {
        private final long epoch;
        private final boolean trial;

        private Permit(long epoch, boolean trial) {
            this.epoch = epoch;
            this.trial = trial;
        }
    }

    private enum Outcome { SUCCESS, FAULT, ABANDONED }

    private final int volume;
    private final double failureRatio;
    private final long firstPeriod;
    private final long longestPeriod;
    private final int trialCalls;
    private final LongSupplier nanoClock;
    private final Consumer<BreakerState> onChange;

    private BreakerState state = BreakerState.CLOSED;
    private long epoch;
    /** The rolling window, closed: whether each of the last calls was a fault, oldest overwritten first. */
    private final boolean[] faults;
    private int next;
    private int counted;
    private int faultCount;
    private long period;
    private long openUntil;
    private int trialsLetThrough;
    private int trialSuccesses;

    CircuitBreaker(WorkersAiConfig.Breaker config, LongSupplier nanoClock, Consumer<BreakerState> onChange) {
        this.volume = config.requestVolume();
        this.failureRatio = config.failureRatio();
        this.firstPeriod = config.delay().toNanos();
        this.longestPeriod = Math.max(firstPeriod, config.maxDelay().toNanos());
        this.trialCalls = config.successThreshold();
        this.nanoClock = nanoClock;
        this.onChange = onChange;
        this.faults = new boolean[volume];
        this.period = firstPeriod;
    }

    /** The call, if the breaker lets it through; else a {@link WorkersAiException.Kind#CIRCUIT_OPEN} failure. */
    <T> Uni<T> guard(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Permit permit = admit();
            if (permit == null) {
                return Uni.createFrom().failure(refusal());
            }
            return call.get().onTermination().invoke((item, failure, cancelled) -> ended(permit, failure,
                    cancelled));
        });
    }

    /** Lets a call through, or null. */
    synchronized Permit admit() {
        if (state == BreakerState.OPEN && nanoClock.getAsLong() - openUntil >= 0) {
            trialsLetThrough = 0;
            trialSuccesses = 0;
            become(BreakerState.HALF_OPEN);
        }
        if (state == BreakerState.CLOSED) {
            return new Permit(epoch, false);
        }
        if (state == BreakerState.HALF_OPEN && trialsLetThrough < trialCalls) {
            trialsLetThrough++;
            return new Permit(epoch, true);
        }
        return null;
    }

    /**
     * The call let through has ended. A cancelled one (its client gone) has no word from Workers AI: it frees its
     * trial place and counts for nothing.
     */
    void ended(Permit permit, Throwable failure, boolean cancelled) {
        end(permit, cancelled ? Outcome.ABANDONED : RetryPolicy.upstreamFault(failure) ? Outcome.FAULT
                : Outcome.SUCCESS);
    }

    private synchronized void end(Permit permit, Outcome outcome) {
        if (permit.epoch != epoch) {
            return;
        }
        if (permit.trial) {
            switch (outcome) {
                case ABANDONED -> trialsLetThrough--;
                case FAULT -> open(Math.min(longestPeriod, period * 2));
                case SUCCESS -> {
                    if (++trialSuccesses >= trialCalls) {
                        close();
                    }
                }
            }
            return;
        }
        if (outcome == Outcome.ABANDONED) {
            return;
        }
        boolean fault = outcome == Outcome.FAULT;
        if (counted == volume) {
            faultCount -= faults[next] ? 1 : 0;
        } else {
            counted++;
        }
        faults[next] = fault;
        faultCount += fault ? 1 : 0;
        next = (next + 1) % volume;
        if (counted == volume && faultCount >= failureRatio * volume) {
            open(firstPeriod);
        }
    }

    private void open(long openFor) {
        period = openFor;
        openUntil = nanoClock.getAsLong() + openFor;
        become(BreakerState.OPEN);
    }

    private void close() {
        period = firstPeriod;
        counted = 0;
        faultCount = 0;
        next = 0;
        become(BreakerState.CLOSED);
    }

    private void become(BreakerState now) {
        state = now;
        epoch++;
        onChange.accept(now);
    }

    /** Why a call is refused, with the time left before trial calls. */
    private synchronized WorkersAiException refusal() {
        Duration left = Duration.ofNanos(Math.max(0, openUntil - nanoClock.getAsLong()));
        String when = state == BreakerState.OPEN ? "for " + WorkersAi.format(left) + " before trying again"
                : "until the trial calls it is making now succeed";
        return new WorkersAiException(WorkersAiException.Kind.CIRCUIT_OPEN, 0, null,
                "Workers AI failed repeatedly; the gateway stops calling it " + when, left);
    }
}
