package dev.flaregate.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held at once, by the whole instance and by each API key, against two ceilings. A
 * body takes its bytes before they are read (all at once for a declared length, as they come for a chunked one)
 * and gives them back when its request has ended, so that no number of uploads, held open or not, can fill the
 * heap: the one that would pass a ceiling is refused instead.
 */
final class BodyMemory {

    /** Why bytes were refused: the key's own ceiling or the instance's. */
    enum Refusal { KEY, INSTANCE }

    private final long instanceCeiling;
    private final long keyCeiling;
    private final AtomicLong held = new AtomicLong();
    private final Map<String, AtomicLong> heldByKey = new ConcurrentHashMap<>();

    BodyMemory(long instanceCeiling, long keyCeiling) {
        this.instanceCeiling = instanceCeiling;
        this.keyCeiling = keyCeiling;
    }

    long instanceCeiling() {
        return instanceCeiling;
    }

    long keyCeiling() {
        return keyCeiling;
    }

    /**
     * Takes {@code bytes} for a body of {@code key} (null: a request without a key, counted by the instance only);
     * all of them, or none and the ceiling that refused them.
     */
    Refusal take(String key, long bytes) {
        AtomicLong ofKey = key == null ? null : heldByKey.computeIfAbsent(key, k -> new AtomicLong());
        if (ofKey != null && !add(ofKey, bytes, keyCeiling)) {
            return Refusal.KEY;
        }
        if (!add(held, bytes, instanceCeiling)) {
            if (ofKey != null) {
                ofKey.addAndGet(-bytes);
            }
            return Refusal.INSTANCE;
        }
        return null;
    }

    /** Gives back bytes taken for {@code key}. */
    void give(String key, long bytes) {
        held.addAndGet(-bytes);
        if (key != null) {
            heldByKey.get(key).addAndGet(-bytes);
        }
    }

    long held() {
        return held.get();
    }

    long heldBy(String key) {
        AtomicLong ofKey = heldByKey.get(key);
        return ofKey == null ? 0 : ofKey.get();
    }

    private static boolean add(AtomicLong counter, long bytes, long ceiling) {
        long now;
        do {
            now = counter.get();
            if (now + bytes > ceiling) {
                return false;
            }
        } while (!counter.compareAndSet(now, now + bytes));
        return true;
    }
}
