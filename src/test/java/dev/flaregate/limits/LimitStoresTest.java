package dev.flaregate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.flaregate.limits.Check.Window;
import dev.flaregate.testing.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/**
 * The limit arithmetic, in this process and in Redis (the Lua script, on a real redis-server): the same scenarios
 * must give the same answers in both, since a replica falls back from one to the other.
 */
class LimitStoresTest {

    private static final long MINUTE = LocalLimitStore.MINUTE_MICROS;

    private static RedisServer server;
    private static Vertx vertx;
    private static Redis client;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start("limit-stores");
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, server.url());
    }

    @AfterAll
    static void stopRedis() {
        client.close();
        vertx.closeAndAwait();
        server.close();
    }

    private static List<LimitStore> stores() {
        return List.of(new LocalLimitStore(LocalLimitStore::systemMicros), new RedisLimitStore(client::send));
    }

    private static List<Outcome> apply(LimitStore store, String owner, boolean force, Check... checks) {
        return store.apply(owner, List.of(checks), force).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aMinuteBucketLetsItsWholeLimitThroughAtOnceThenOneEveryMinuteOverTheLimit() {
        for (LimitStore store : stores()) {
            String owner = "burst-" + UUID.randomUUID();
            for (int i = 1; i <= 3; i++) {
                Outcome outcome = apply(store, owner, false, Check.takeOne("requests", 3)).get(0);
                assertTrue(outcome.fits(), store + ": request " + i);
                assertEquals(3 - i, outcome.remaining(), store + ": remaining after " + i);
                assertBetween(Duration.ofSeconds(20L * i - 1), Duration.ofSeconds(20L * i), outcome.reset());
            }
            Outcome refused = apply(store, owner, false, Check.takeOne("requests", 3)).get(0);
            assertFalse(refused.fits(), store.toString());
            assertEquals(0, refused.remaining());
            // One place comes back 60 s / 3 after the first request.
            assertBetween(Duration.ofSeconds(19), Duration.ofSeconds(20), refused.retryAfter());
        }
    }

    @Test
    void aRefusedCallConsumesNothingFromItsOtherLimits() {
        for (LimitStore store : stores()) {
            String owner = "all-or-nothing-" + UUID.randomUUID();
            apply(store, owner, true, Check.charge("tokens", Window.MINUTE, 100, 150));
            List<Outcome> outcomes = apply(store, owner, false, Check.takeOne("requests", 5),
                    Check.roomLeft("tokens", Window.MINUTE, 100));
            assertFalse(outcomes.get(1).fits(), store + ": tokens in debt");
            // 150 tokens at 100 a minute: room for one more after 50 tokens' worth of refill, 30 s.
            assertBetween(Duration.ofSeconds(29), Duration.ofMillis(30_600), outcomes.get(1).retryAfter());
            assertEquals(5, outcomes.get(0).remaining(), store + ": the request was not taken");
        }
    }

    @Test
    void aDailyBudgetRunsOutUntilMidnightUtc() {
        for (LimitStore store : stores()) {
            String owner = "day-" + UUID.randomUUID();
            Check room = Check.roomLeft("tokens-today", Window.UTC_DAY, 100);
            apply(store, owner, true, Check.charge("tokens-today", Window.UTC_DAY, 100, 60));
            Outcome left = apply(store, owner, false, room).get(0);
            assertTrue(left.fits());
            assertEquals(40, left.remaining());
            apply(store, owner, true, Check.charge("tokens-today", Window.UTC_DAY, 100, 50));
            Outcome spent = apply(store, owner, false, room).get(0);
            assertFalse(spent.fits(), store.toString());
            assertEquals(0, spent.remaining());
            Duration untilMidnight = Duration.between(ZonedDateTime.now(ZoneOffset.UTC),
                    LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC));
            assertBetween(untilMidnight.minusSeconds(2), untilMidnight.plusSeconds(2), spent.retryAfter());
        }
    }

    @Test
    void bucketsRefillAndDaysStartAgainOnTheClock() {
        AtomicLong now = new AtomicLong(1_000L * LocalLimitStore.DAY_MICROS - 30_000_000L);
        LocalLimitStore store = new LocalLimitStore(now::get);
        for (int i = 0; i < 2; i++) {
            assertTrue(store.applyNow("clock", List.of(Check.takeOne("requests", 2)), false).get(0).fits());
        }
        assertFalse(store.applyNow("clock", List.of(Check.takeOne("requests", 2)), false).get(0).fits());
        store.applyNow("clock", List.of(Check.charge("tokens-today", Window.UTC_DAY, 10, 10)), true);
        assertFalse(store.applyNow("clock", List.of(Check.roomLeft("tokens-today", Window.UTC_DAY, 10)), false)
                .get(0).fits());

        now.addAndGet(30_000_000L);
        assertTrue(store.applyNow("clock", List.of(Check.takeOne("requests", 2)), false).get(0).fits(),
                "one place refilled after 30 s");
        assertFalse(store.applyNow("clock", List.of(Check.takeOne("requests", 2)), false).get(0).fits());
        Outcome newDay = store.applyNow("clock", List.of(Check.roomLeft("tokens-today", Window.UTC_DAY, 10)), false)
                .get(0);
        assertTrue(newDay.fits(), "a new UTC day");
        assertEquals(10, newDay.remaining());
    }

    @Test
    void idleOwnersAreForgotten() {
        AtomicLong now = new AtomicLong(LocalLimitStore.DAY_MICROS / 2);
        LocalLimitStore store = new LocalLimitStore(now::get);
        for (int i = 0; i < 5000; i++) {
            store.applyNow("model:" + i, List.of(Check.takeOne("requests", 60)), false);
        }
        now.addAndGet(2_000_000L);
        for (int i = 0; i < 2048; i++) {
            store.applyNow("busy", List.of(Check.takeOne("requests", 1_000_000)), false);
        }
        assertTrue(store.owners() < 10, "idle owners remain: " + store.owners());
    }

    /*
     * The upstream budget's window against the simplest model of it (the calls admitted, and a call fits while
     * fewer than N of them are younger than 60 s): random bursts and clock steps on an injected clock. Whatever the
     * sequence, no 60-second window admits more than N, and a refused call is told when the oldest counted call
     * leaves the window.
     */

    @Test
    void theLocalStoreNeverAdmitsMoreThanTheLimitInAnyMinute() {
        for (long seed = 0; seed < 300; seed++) {
            AtomicLong now = new AtomicLong(1_700_000_000_000_000L);
            runAgainstModel(new LocalLimitStore(now::get), now, new Random(seed), "local seed " + seed);
        }
    }

    @Test
    void theLuaScriptNeverAdmitsMoreThanTheLimitInAnyMinute() {
        for (long seed = 0; seed < 20; seed++) {
            AtomicLong now = new AtomicLong(1_700_000_000_000_000L);
            runAgainstModel(new RedisLimitStore(client::send, now::get), now, new Random(seed), "redis seed " + seed);
        }
    }

    private static void runAgainstModel(LimitStore store, AtomicLong now, Random random, String label) {
        int limit = 1 + random.nextInt(12);
        String owner = "model:" + label + "-" + System.nanoTime();
        List<Long> admitted = new ArrayList<>();
        for (int step = 0; step < 40; step++) {
            now.addAndGet(clockStep(random));
            int burst = random.nextInt(2 * limit + 1);
            for (int call = 0; call < burst; call++) {
                Outcome outcome = store.apply(owner, List.of(Check.takeOneInAnyMinute("calls", limit)), false)
                        .await().atMost(Duration.ofSeconds(5)).get(0);
                long t = now.get();
                List<Long> inWindow = admitted.stream().filter(a -> a > t - MINUTE).toList();
                boolean modelFits = inWindow.size() < limit;
                assertEquals(modelFits, outcome.fits(), label + " step " + step + " call " + call);
                if (outcome.fits()) {
                    admitted.add(t);
                } else {
                    long untilOldestLeaves = inWindow.get(inWindow.size() - limit) + MINUTE - t;
                    // Redis answers in whole milliseconds, rounded up.
                    long offBy = Math.abs(untilOldestLeaves - outcome.retryAfter().toNanos() / 1_000);
                    assertTrue(offBy < 1_000, label + ": Retry-After off by " + offBy + " µs");
                }
            }
        }
        for (int i = 0; i + limit < admitted.size(); i++) {
            assertTrue(admitted.get(i + limit) - admitted.get(i) >= MINUTE,
                    label + ": " + (limit + 1) + " calls within one minute");
        }
    }

    /** Mostly bursts at one instant or close together, now and then a long pause or one just under a minute. */
    private static long clockStep(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000L;
            case 2 -> random.nextInt(20_000_000);
            case 3 -> MINUTE - random.nextInt(3) * 1_000_000L;
            default -> random.nextInt(90_000_000);
        };
    }

    private static void assertBetween(Duration low, Duration high, Duration actual) {
        assertTrue(actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0,
                actual + " is not between " + low + " and " + high);
    }
}
