package dev.flaregate.limits;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.smallrye.mutiny.Uni;

/**
 * Limits counted in this process. An owner's checks are evaluated and applied inside one
 * {@link ConcurrentHashMap#compute}, so they are atomic without a lock of our own, and an owner idle long enough
 * to have nothing left to remember is evicted, so memory stays bounded by the owners active recently. The
 * arithmetic is the one {@code flaregate/limits.lua} does in Redis.
 */
final class LocalLimitStore implements LimitStore {

    static final long MINUTE_MICROS = 60_000_000L;
    static final long DAY_MICROS = 86_400_000_000L;
    /** Sweeping for idle owners every so many calls keeps the cost off the common path. */
    private static final int SWEEP_EVERY = 1024;

    private final LongSupplier clockMicros;
    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    LocalLimitStore(LongSupplier clockMicros) {
        this.clockMicros = clockMicros;
    }

    static long systemMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public Uni<List<Outcome>> apply(String owner, List<Check> checks, boolean force) {
        return Uni.createFrom().item(() -> applyNow(owner, checks, force));
    }

    List<Outcome> applyNow(String owner, List<Check> checks, boolean force) {
        long now = clockMicros.getAsLong();
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            owners.values().removeIf(o -> o.idleAt(now));
        }
        List<Outcome> outcomes = new ArrayList<>(checks.size());
        owners.compute(owner, (name, state) -> {
            Owner current = state == null ? new Owner() : state;
            outcomes.addAll(current.apply(checks, force, now));
            return current;
        });
        return outcomes;
    }

    int owners() {
        return owners.size();
    }

    /** One owner's counters: a GCRA arrival time, a day's count, or a log of the last minute, per limit name. */
    private static final class Owner {
        private final Map<String, long[]> counters = new HashMap<>();
        private final Map<String, ArrayDeque<Long>> logs = new HashMap<>();
        private long forgetAt;

        boolean idleAt(long now) {
            return now >= forgetAt;
        }

        List<Outcome> apply(List<Check> checks, boolean force, long now) {
            List<Evaluation> evaluations = new ArrayList<>(checks.size());
            boolean allFit = true;
            for (Check check : checks) {
                Evaluation e = switch (check.window()) {
                    case MINUTE -> minute(check, counters.getOrDefault(check.name(), new long[2]), now);
                    case SLIDING_MINUTE -> sliding(check, logs.computeIfAbsent(check.name(), n -> new ArrayDeque<>()),
                            now);
                    case UTC_DAY -> day(check, counters.getOrDefault(check.name(), new long[2]), now);
                };
                evaluations.add(e);
                allFit &= e.fits;
            }
            List<Outcome> outcomes = new ArrayList<>(checks.size());
            boolean apply = allFit || force;
            for (Evaluation e : evaluations) {
                if (apply && e.check.consume() > 0) {
                    if (e.check.window() == Check.Window.SLIDING_MINUTE) {
                        logs.get(e.check.name()).addLast(now);
                    } else {
                        counters.put(e.check.name(), e.after);
                    }
                    forgetAt = Math.max(forgetAt, e.forgetAt);
                }
                outcomes.add(apply ? e.outcome(true) : e.outcome(false));
            }
            return outcomes;
        }
    }

    /**
     * A log of the last minute, oldest first: entries that left the window are dropped whatever the outcome, as
     * they count for nothing any more. A unit that does not fit waits for the entry whose leaving makes room.
     */
    private static Evaluation sliding(Check check, ArrayDeque<Long> log, long now) {
        while (!log.isEmpty() && log.peekFirst() <= now - MINUTE_MICROS) {
            log.removeFirst();
        }
        long count = log.size();
        boolean fits = count + check.need() <= check.limit();
        long retry = fits ? 0 : nth(log, count - check.limit() + check.need() - 1) + MINUTE_MICROS - now;
        long resetBefore = log.isEmpty() ? 0 : log.peekLast() + MINUTE_MICROS - now;
        return new Evaluation(check, fits, null, now + MINUTE_MICROS,
                Math.max(0, check.limit() - count), Math.max(0, check.limit() - count - check.consume()),
                resetBefore, check.consume() > 0 ? MINUTE_MICROS : resetBefore, retry);
    }

    private static long nth(ArrayDeque<Long> log, long index) {
        return log.stream().skip(index).findFirst().orElseThrow();
    }

    /** A GCRA bucket: {@code counter[0]} is the theoretical arrival time, in microseconds. */
    private static Evaluation minute(Check check, long[] counter, long now) {
        double interval = (double) MINUTE_MICROS / check.limit();
        long tat = Math.max(counter[0], now);
        long needed = tat + Math.round(check.need() * interval) - now;
        boolean fits = needed <= MINUTE_MICROS;
        long after = tat + Math.round(check.consume() * interval);
        return new Evaluation(check, fits, new long[] {after, 0}, after,
                remaining(check, tat, now, interval), remaining(check, after, now, interval),
                tat - now, after - now, fits ? 0 : needed - MINUTE_MICROS);
    }

    private static long remaining(Check check, long tat, long now, double interval) {
        long left = (long) Math.floor((MINUTE_MICROS - (tat - now)) / interval);
        return Math.max(0, Math.min(check.limit(), left));
    }

    /** A day's count: {@code counter[0]} is the count, {@code counter[1]} the day (since the epoch, UTC). */
    private static Evaluation day(Check check, long[] counter, long now) {
        long today = Math.floorDiv(now, DAY_MICROS);
        long used = counter[1] == today ? counter[0] : 0;
        long untilTomorrow = (today + 1) * DAY_MICROS - now;
        boolean fits = used + check.need() <= check.limit();
        long after = used + check.consume();
        return new Evaluation(check, fits, new long[] {after, today}, (today + 1) * DAY_MICROS,
                Math.max(0, check.limit() - used), Math.max(0, check.limit() - after),
                untilTomorrow, untilTomorrow, fits ? 0 : untilTomorrow);
    }

    /** A check evaluated, with what to store (none for a log, which is appended to) and to report. */
    private record Evaluation(Check check, boolean fits, long[] after, long forgetAt, long remainingBefore,
            long remainingAfter, long resetBefore, long resetAfter, long retryAfter) {

        Outcome outcome(boolean applied) {
            return new Outcome(check, fits, applied ? remainingAfter : remainingBefore,
                    micros(applied ? resetAfter : resetBefore), micros(retryAfter));
        }

        private static Duration micros(long micros) {
            return Duration.ofNanos(Math.max(0, micros) * 1_000);
        }
    }
}
