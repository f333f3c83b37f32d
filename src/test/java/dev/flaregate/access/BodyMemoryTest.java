package dev.flaregate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The body allowance against a plain model of it, over random sequences, and under threads that race. */
class BodyMemoryTest {

    private static final String[] KEYS = {"a", "b", "c", null};

    @Test
    void randomTakesAndGivesMatchAModelThatNeverPassesACeiling() {
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            long instance = 1 + random.nextInt(1000);
            long perKey = 1 + random.nextInt((int) instance + 200);
            BodyMemory memory = new BodyMemory(instance, perKey);
            Map<String, Long> model = new HashMap<>();
            long modelTotal = 0;
            List<Object[]> taken = new ArrayList<>();
            for (int step = 0; step < 500; step++) {
                if (!taken.isEmpty() && random.nextInt(3) == 0) {
                    Object[] back = taken.remove(random.nextInt(taken.size()));
                    memory.give((String) back[0], (Long) back[1]);
                    modelTotal -= (Long) back[1];
                    if (back[0] != null) {
                        model.merge((String) back[0], -(Long) back[1], Long::sum);
                    }
                    continue;
                }
                String key = KEYS[random.nextInt(KEYS.length)];
                long bytes = random.nextInt(300);
                long ofKey = key == null ? 0 : model.getOrDefault(key, 0L);
                BodyMemory.Refusal expected = key != null && ofKey + bytes > perKey ? BodyMemory.Refusal.KEY
                        : modelTotal + bytes > instance ? BodyMemory.Refusal.INSTANCE : null;
                assertEquals(expected, memory.take(key, bytes), "seed " + seed + " step " + step);
                if (expected == null) {
                    taken.add(new Object[] {key, bytes});
                    modelTotal += bytes;
                    if (key != null) {
                        model.merge(key, bytes, Long::sum);
                    }
                }
                assertEquals(modelTotal, memory.held());
                assertTrue(memory.held() <= instance);
                for (String k : KEYS) {
                    if (k != null) {
                        assertEquals((long) model.getOrDefault(k, 0L), memory.heldBy(k));
                        assertTrue(memory.heldBy(k) <= perKey);
                    }
                }
            }
            taken.forEach(back -> memory.give((String) back[0], (Long) back[1]));
            assertEquals(0, memory.held());
        }
    }

    @Test
    void racingThreadsNeverHoldMoreThanTheCeilingsAndGiveAllBack() throws Exception {
        BodyMemory memory = new BodyMemory(10_000, 4_000);
        AtomicLong worst = new AtomicLong();
        AtomicLong worstOfKey = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(8);
        for (int t = 0; t < 8; t++) {
            String key = KEYS[t % KEYS.length];
            long seed = t;
            threads.submit(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < 50_000; i++) {
                    long bytes = 1 + random.nextInt(1500);
                    if (memory.take(key, bytes) == null) {
                        worst.accumulateAndGet(memory.held(), Math::max);
                        if (key != null) {
                            worstOfKey.accumulateAndGet(memory.heldBy(key), Math::max);
                        }
                        memory.give(key, bytes);
                    }
                }
                done.countDown();
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        threads.shutdown();
        assertTrue(worst.get() <= 10_000, "held " + worst.get());
        assertTrue(worstOfKey.get() <= 4_000, "one key held " + worstOfKey.get());
        assertEquals(0, memory.held());
        for (String key : new String[] {"a", "b", "c"}) {
            assertEquals(0, memory.heldBy(key));
        }
        assertNull(memory.take("a", 4_000));
    }
}
