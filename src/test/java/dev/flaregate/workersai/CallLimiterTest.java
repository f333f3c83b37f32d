package dev.flaregate.workersai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

class CallLimiterTest {

    private static final int NOT_STARTED = 0;
    private static final int RUNNING = 1;
    private static final int ENDED = 2;

    @Test
    void neverMoreThanTheBoundInFlightAndEveryPlaceComesBackDespiteCancellations() throws Exception {
        CallLimiter limiter = new CallLimiter(4, 1_000, Duration.ofSeconds(10));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        List<Cancellable> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // A cancellation from this thread may end a call before it starts, on the thread that starts it: each
            // call counts itself in flight at most once, and out only if it counted itself in.
            AtomicInteger state = new AtomicInteger(NOT_STARTED);
            Uni<Integer> call = limiter.around(() -> Uni.createFrom().item(1)
                    .invoke(() -> {
                        if (state.compareAndSet(NOT_STARTED, RUNNING)) {
                            highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        }
                    })
                    .onItem().delayIt().by(Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(3)))
                    .onTermination().invoke(() -> {
                        if (state.getAndSet(ENDED) == RUNNING) {
                            inFlight.decrementAndGet();
                        }
                    }));
            calls.add(call.subscribe().with(x -> { }, e -> { }));
            if (i % 3 == 0) {
                // Mostly calls still waiting for a place; now and then one that holds it.
                calls.get(ThreadLocalRandom.current().nextInt(calls.size())).cancel();
            }
        }
        Thread.sleep(1_500);
        assertTrue(highest.get() <= 4, "in flight at once: " + highest.get());
        assertEquals(0, inFlight.get());

        // Had a cancelled call kept its place, fewer than four would now run at once.
        AtomicInteger admitted = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            limiter.around(() -> Uni.createFrom().emitter(e -> admitted.incrementAndGet())).subscribe().with(x -> { });
        }
        assertEquals(4, admitted.get());
        limiter.around(() -> Uni.createFrom().item(1)).subscribe().with(x -> admitted.incrementAndGet());
        assertEquals(4, admitted.get(), "the fifth waits while four hold their places");
    }

    @Test
    void aCallThatCannotEvenBeMadeGivesItsPlaceBack() {
        CallLimiter limiter = new CallLimiter(1, 0, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            Throwable failure = limiter.<Integer>around(() -> {
                throw new IllegalStateException("no call");
            }).onItem().<Throwable>transform(x -> null).onFailure().recoverWithItem(e -> e)
                    .await().atMost(Duration.ofSeconds(1));
            assertTrue(failure instanceof IllegalStateException, String.valueOf(failure));
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        CallLimiter limiter = new CallLimiter(1, 1, Duration.ofSeconds(10));
        limiter.around(() -> Uni.createFrom().emitter(e -> { })).subscribe().with(x -> { });
        limiter.around(() -> Uni.createFrom().item(1)).subscribe().with(x -> { });
        Throwable refused = limiter.around(() -> Uni.createFrom().item(1)).onItem().<Throwable>transform(x -> null)
                .onFailure().recoverWithItem(e -> e).await().atMost(Duration.ofSeconds(1));
        assertTrue(refused instanceof WorkersAiException e && e.kind() == WorkersAiException.Kind.OVERLOADED,
                String.valueOf(refused));
    }
}
