package dev.flaregate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flaregate.error.ApiError;
import dev.flaregate.models.Task;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * Beyond the budget a call waits for room when room comes within the longest wait, and is refused at once when it
 * does not. The budget's clock is moved forward, so that calls taken a moment ago are most of a minute old and
 * room comes back within seconds instead of a minute.
 */
class UpstreamBudgetWaitTest {

    private static final String MODEL = "@cf/meta/llama-3.2-1b-instruct";
    private static final Duration MAX_WAIT = Duration.ofSeconds(3);

    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong aheadMicros = new AtomicLong();
    private final UpstreamBudget budget = new UpstreamBudget(new Limits(localOnly(), null, new SimpleMeterRegistry(),
            () -> LocalLimitStore.systemMicros() + aheadMicros.get()), budgetOfTwo(), vertx);

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aCallBeyondTheBudgetWaitsForRoomThatComesWithinTheLongestWait() {
        takeTwo();
        // The two calls are now 58.5 s old: room comes in 1.5 s.
        aheadMicros.addAndGet(58_500_000);
        long start = System.nanoTime();
        budget.place(MODEL, Task.TEXT_GENERATION).await().atMost(Duration.ofSeconds(10));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= 1_200 && waited < MAX_WAIT.toMillis() + 1_000, "waited " + waited + " ms");
    }

    @Test
    void aCallWhoseRoomComesAfterTheLongestWaitIsRefusedAtOnceWithTheTimeItWouldTake() {
        takeTwo();
        aheadMicros.addAndGet(10_000_000);
        long start = System.nanoTime();
        ApiError refused = null;
        try {
            budget.place(MODEL, Task.TEXT_GENERATION).await().atMost(Duration.ofSeconds(10));
        } catch (ApiError e) {
            refused = e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(refused != null, "the third call in the minute went through");
        assertEquals(429, refused.status());
        assertTrue(millis < 1_000, "refused after " + millis + " ms");
        long retryAfter = refused.retryAfter().toSeconds();
        assertTrue(retryAfter >= 49 && retryAfter <= 50, "Retry-After " + retryAfter + " s");
    }

    private void takeTwo() {
        for (int i = 0; i < 2; i++) {
            budget.place(MODEL, Task.TEXT_GENERATION).await().atMost(Duration.ofSeconds(1));
        }
    }

    private static RedisConfig localOnly() {
        return new RedisConfig() {
            @Override
            public Optional<String> url() {
                return Optional.empty();
            }

            @Override
            public Duration timeout() {
                return Duration.ofMillis(250);
            }

            @Override
            public int timeoutsBeforeFallback() {
                return 3;
            }

            @Override
            public Duration retryInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int expectedReplicas() {
                return 1;
            }
        };
    }

    private static UpstreamBudgetConfig budgetOfTwo() {
        return new UpstreamBudgetConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public long textGeneration() {
                return 300;
            }

            @Override
            public long textEmbeddings() {
                return 3000;
            }

            @Override
            public Optional<List<String>> models() {
                return Optional.of(List.of(MODEL + "=2"));
            }

            @Override
            public Duration maxWait() {
                return MAX_WAIT;
            }
        };
    }
}
