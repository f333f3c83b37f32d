package dev.flaregate.limits;

/**
 * One limit a request meets, in a store shared by every check of the same owner (a client key, a model).
 *
 * @param name    the limit's name within its owner, e.g. {@code requests}
 * @param window  how the limit is counted
 * @param limit   units allowed per window
 * @param need    units that must still fit for the check to pass
 * @param consume units taken when every check of the call passes (or always, when charging)
 */
public record Check(String name, Window window, long limit, long need, long consume) {

    public enum Window {
        /**
         * A bucket of {@code limit} units that refills continuously at {@code limit} a minute (GCRA): a burst of
         * the whole limit goes through at once, then one unit every minute / limit.
         */
        MINUTE,
        /**
         * A log of the units taken in the last 60 seconds: never more than {@code limit} in any 60-second window,
         * as a ceiling counted per minute by someone else (Cloudflare) requires; a unit refused waits until the
         * oldest one counted leaves the window.
         */
        SLIDING_MINUTE,
        /** A count that starts again at 00:00 UTC. */
        UTC_DAY
    }

    public Check {
        if (limit <= 0 || need < 0 || consume < 0) {
            throw new IllegalArgumentException("limit must be positive, need and consume not negative");
        }
        if (window == Window.SLIDING_MINUTE && (need > 1 || consume > 1)) {
            // Each entry of the log is one unit: a call, not a number of tokens.
            throw new IllegalArgumentException("a sliding window counts single calls");
        }
    }

    /** Passes while fewer than {@code perMinute} units were taken in the last 60 seconds, and takes one. */
    public static Check takeOneInAnyMinute(String name, long perMinute) {
        return new Check(name, Window.SLIDING_MINUTE, perMinute, 1, 1);
    }

    /** Passes while the bucket has room for one unit, and takes it. */
    public static Check takeOne(String name, long perMinute) {
        return new Check(name, Window.MINUTE, perMinute, 1, 1);
    }

    /** Passes while there is room for one more unit; takes nothing (what is used is charged afterwards). */
    public static Check roomLeft(String name, Window window, long limit) {
        return new Check(name, window, limit, 1, 0);
    }

    /** Takes {@code units}, to be applied whether or not they fit. */
    public static Check charge(String name, Window window, long limit, long units) {
        return new Check(name, window, limit, 0, units);
    }

    /** This check with one replica's share of the limit, at least one unit, for an instance counting alone. */
    public Check share(int replicas) {
        return new Check(name, window, Math.max(1, limit / replicas), need, consume);
    }
}
