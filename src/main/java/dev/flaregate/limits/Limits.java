package dev.flaregate.limits;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Where every limit is checked: in Redis when {@code FLAREGATE_REDIS_URL} is set, so that replicas share one
 * limit, else in this process. A check Redis cannot answer within the timeout is counted by this instance instead
 * (per-instance limits are better than failed requests); while Redis stays down, only one check per retry interval
 * tries it, so a dead Redis costs the others nothing. Each change of state is logged once.
 */
@ApplicationScoped
public class Limits {

    private static final Logger LOG = Logger.getLogger(Limits.class);
    /**
     * Readiness may wait longer than a request's check: it decides what readiness reports, and a first connection
     * (or a busy moment) can take longer than a check may, without Redis being down.
     */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final LocalLimitStore local = new LocalLimitStore(LocalLimitStore::systemMicros);
    private final RedisLimitStore shared;
    private final Redis redis;
    private final RedisConfig config;
    private final AtomicBoolean redisDown = new AtomicBoolean();
    private final Counter fallbacks;
    private final MeterRegistry registry;
    private final Map<RefusalKey, Counter> refusals = new ConcurrentHashMap<>();
    private volatile long nextTryNanos;

    Limits(RedisConfig config, io.vertx.mutiny.core.Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.redis = config.url().filter(url -> !url.isBlank()).map(url -> Redis.createClient(vertx, options(url)))
                .orElse(null);
        this.shared = redis == null ? null : new RedisLimitStore(redis::send);
        this.fallbacks = Counter.builder("flaregate.ratelimit.redis.fallbacks")
                .description("Limit checks counted by this instance alone because Redis did not answer")
                .register(registry);
        if (redis != null) {
            Gauge.builder("flaregate.redis.up", this, l -> l.redisDown.get() ? 0 : 1)
                    .description("1 while the limits shared through Redis are reachable, 0 while they are not")
                    .register(registry);
            LOG.infof("Limits are shared by all replicas through Redis at %s", safeAddress(config.url().get()));
        }
    }

    /** Connects at startup, so that the first requests do not pay for it or fall back while it happens. */
    void connect(@Observes StartupEvent startup) {
        probeRedis().subscribe().with(up -> {
        });
    }

    private static RedisOptions options(String url) {
        // Checks are small and many at once: a pool that makes them wait would look like a Redis outage.
        return new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(32)
                .setMaxPoolWaiting(4096)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(1000).setTcpKeepAlive(true));
    }

    /** Whether Redis is configured at all. */
    public boolean shared() {
        return redis != null;
    }

    /** Whether Redis is configured and answered the last time it was asked. */
    public boolean redisUp() {
        return redis != null && !redisDown.get();
    }

    /** Evaluates one owner's checks; consumes their units only if every one fits. */
    public Uni<List<Outcome>> take(String owner, List<Check> checks) {
        return apply(owner, checks, false);
    }

    /** Consumes the units whether or not they fit: for tokens, counted after they were used. */
    public Uni<List<Outcome>> charge(String owner, List<Check> checks) {
        return apply(owner, checks, true);
    }

    /**
     * Counts a refusal. {@code scope} is {@code key} or {@code model}, {@code limit} the limit that refused; the key
     * is its configured name (never the key itself), so the labels stay few.
     */
    public void refused(String scope, String limit, String keyName) {
        refusals.computeIfAbsent(new RefusalKey(scope, limit, keyName == null ? "none" : keyName),
                k -> Counter.builder("flaregate.ratelimit.refused")
                        .description("Requests and Workers AI calls refused by the gateway's limits")
                        .tag("scope", k.scope()).tag("limit", k.limit()).tag("key", k.keyName())
                        .register(registry))
                .increment();
    }

    /** Refusals come in storms: each is counted with a map lookup, not a search of the meter registry. */
    private record RefusalKey(String scope, String limit, String keyName) {
    }

    /** Asks Redis whether it is there, for readiness; updates the state like any check. */
    public Uni<Boolean> probeRedis() {
        if (shared == null) {
            return Uni.createFrom().item(false);
        }
        return shared.ping().ifNoItem().after(PROBE_TIMEOUT.compareTo(config.timeout()) > 0 ? PROBE_TIMEOUT
                : config.timeout()).fail()
                .map(ok -> {
                    markUp();
                    return true;
                })
                .onFailure().recoverWithItem(failure -> {
                    markDown(failure);
                    return false;
                });
    }

    private Uni<List<Outcome>> apply(String owner, List<Check> checks, boolean force) {
        if (shared == null || !worthTrying()) {
            return local.apply(owner, checks, force);
        }
        return Uni.createFrom().deferred(() -> {
            Context caller = io.vertx.core.Vertx.currentContext();
            Uni<List<Outcome>> counted = shared.apply(owner, checks, force)
                    .ifNoItem().after(config.timeout()).fail()
                    .invoke(this::markUp)
                    .onFailure().recoverWithUni(failure -> {
                        markDown(failure);
                        fallbacks.increment();
                        return local.apply(owner, checks, force);
                    });
            // Redis answers on its connection's thread: go back to the request's context, whose logging context
            // and request-scoped values the caller continues with.
            return caller == null ? counted : counted.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private boolean worthTrying() {
        if (!redisDown.get()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - nextTryNanos >= 0) {
            nextTryNanos = now + config.retryInterval().toNanos();
            return true;
        }
        return false;
    }

    private void markUp() {
        if (redisDown.compareAndSet(true, false)) {
            LOG.info("Redis answers again: limits are shared by all replicas again");
        }
    }

    private void markDown(Throwable failure) {
        nextTryNanos = System.nanoTime() + config.retryInterval().toNanos();
        if (redisDown.compareAndSet(false, true)) {
            LOG.warnf("Redis did not answer (%s): each instance counts limits on its own until it does",
                    failure.getClass().getSimpleName());
        }
    }

    /** The URL without its credentials, for logs. */
    static String safeAddress(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(an unparseable FLAREGATE_REDIS_URL)";
        }
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
