package dev.flaregate.limits;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Redis, where replicas count their limits together. Unset, each instance counts its own. */
@ConfigMapping(prefix = "flaregate.redis")
public interface RedisConfig {

    /**
     * {@code redis://[:password@]host:port[/db]} ({@code FLAREGATE_REDIS_URL}); {@code rediss://} for TLS. Unset:
     * no Redis at all, not even a connection attempt.
     */
    Optional<String> url();

    /**
     * Longest wait for Redis on one check; beyond it that check is counted by this instance alone, so a dead Redis
     * never adds more than this to a request.
     */
    @WithDefault("50ms")
    Duration timeout();

    /** While Redis is down, how often one check tries it again. */
    @WithDefault("1s")
    Duration retryInterval();
}
