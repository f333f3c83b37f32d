package dev.flaregate.workersai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.flaregate.workersai.WorkersAiException.Kind;

/**
 * The breaker against a simple model of it, over random sequences of calls, outcomes and clock steps: it opens
 * only on a full window with enough faults, lets no more than its trial calls through while half-open, doubles
 * its open period while the trials fail and starts short again once it has closed.
 */
class CircuitBreakerModelTest {

    private static final Throwable FAULT = WorkersAiException.of(Kind.UNREACHABLE, "no connection");
    private static final Throwable CLIENT_ERROR = new WorkersAiException(Kind.ERROR_RESPONSE, 400, 5006, "bad", null);

    record Settings(int requestVolume, double failureRatio, Duration delay, Duration maxDelay,
            int successThreshold) implements WorkersAiConfig.Breaker {
    }

    /** A call let through, and the spell of the breaker's state that let it through. */
    private record Held(CircuitBreaker.Permit permit, int spell) {
    }

    @Test
    void behavesAsTheModelOverRandomRuns() {
        for (long seed = 0; seed < 300; seed++) {
            run(new Random(seed), seed);
        }
    }

    private static void run(Random random, long seed) {
        Settings settings = new Settings(1 + random.nextInt(8), new double[] {0.25, 0.5, 1.0}[random.nextInt(3)],
                Duration.ofSeconds(1 + random.nextInt(3)), Duration.ofSeconds(4 + random.nextInt(30)),
                1 + random.nextInt(3));
        long[] now = {0};
        List<BreakerState> changes = new ArrayList<>();
        CircuitBreaker breaker = new CircuitBreaker(settings, () -> now[0], changes::add);
        Model model = new Model(settings);
        List<Held> held = new ArrayList<>();
        for (int step = 0; step < 2_000; step++) {
            String where = "seed " + seed + " step " + step + " " + settings;
            int before = changes.size();
            int op = random.nextInt(10);
            if (op < 4) {
                BreakerState expected = model.beforeAdmission(now[0]);
                boolean admits = model.admits();
                CircuitBreaker.Permit permit = breaker.admit();
                assertEquals(expected, changes.size() > before ? changes.get(changes.size() - 1) : null, where);
                assertEquals(admits, permit != null, where);
                if (permit != null) {
                    held.add(new Held(permit, model.spell));
                }
            } else if (op < 8 && !held.isEmpty()) {
                Held call = held.remove(random.nextInt(held.size()));
                int outcome = random.nextInt(4);
                Throwable failure = outcome == 0 ? FAULT : outcome == 1 ? CLIENT_ERROR : null;
                boolean cancelled = outcome == 3;
                breaker.ended(call.permit(), failure, cancelled);
                BreakerState expected = model.ended(call.spell(), now[0], failure == FAULT, cancelled);
                assertEquals(expected, changes.size() > before ? changes.get(changes.size() - 1) : null, where);
            } else {
                now[0] += random.nextInt(1_500) * 1_000_000L;
            }
            assertTrue(changes.size() - before <= 1, where);
            assertTrue(model.trialsOut <= settings.successThreshold(), where);
        }
    }

    /** What the breaker should do, written as plainly as possible. */
    private static final class Model {
        private final Settings settings;
        private BreakerState state = BreakerState.CLOSED;
        private int spell;
        private final List<Boolean> window = new ArrayList<>();
        private long period;
        private long openUntil;
        private int trialsOut;
        private int trialSuccesses;

        Model(Settings settings) {
            this.settings = settings;
        }

        /** The change asking to call makes, if any: an open period that is over turns half-open. */
        BreakerState beforeAdmission(long now) {
            if (state == BreakerState.OPEN && now >= openUntil) {
                trialsOut = 0;
                trialSuccesses = 0;
                return become(BreakerState.HALF_OPEN);
            }
            return null;
        }

        /** Whether the call is let through, counting it among the trials if it is one. */
        boolean admits() {
            if (state == BreakerState.HALF_OPEN && trialsOut < settings.successThreshold()) {
                trialsOut++;
                return true;
            }
            return state == BreakerState.CLOSED;
        }

        BreakerState ended(int callSpell, long now, boolean fault, boolean cancelled) {
            if (callSpell != spell) {
                return null;
            }
            if (state == BreakerState.HALF_OPEN) {
                if (cancelled) {
                    trialsOut--;
                    return null;
                }
                if (fault) {
                    return open(now, Math.min(settings.maxDelay().toNanos(), period * 2));
                }
                if (++trialSuccesses == settings.successThreshold()) {
                    window.clear();
                    return become(BreakerState.CLOSED);
                }
                return null;
            }
            if (cancelled) {
                return null;
            }
            window.add(fault);
            List<Boolean> last = window.subList(Math.max(0, window.size() - settings.requestVolume()), window.size());
            long faults = last.stream().filter(f -> f).count();
            if (last.size() == settings.requestVolume() && faults >= settings.failureRatio() * last.size()) {
                return open(now, settings.delay().toNanos());
            }
            return null;
        }

        private BreakerState open(long now, long openFor) {
            period = openFor;
            openUntil = now + openFor;
            return become(BreakerState.OPEN);
        }

        private BreakerState become(BreakerState next) {
            state = next;
            spell++;
            return next;
        }
    }
}
