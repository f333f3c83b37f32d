package dev.flaregate.limits;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Where every limit is checked: in Redis when {@code FLAREGATE_REDIS_URL} is set, so that replicas share one
 * limit, else in this process. Checks are pipelined on one connection opened at startup. A check Redis does not
 * answer for as long as Redis takes to be given up is counted by this instance instead (per-instance limits are
 * better than failed requests), and when Redis is really gone (a refused connection, or several timeouts in a
 * row) the instance counts alone for a while, its share of each limit, then tries Redis with a single check
 * ({@link RedisHealth}). Each change of state is logged once.
 */
@ApplicationScoped
public class Limits {

    private static final Logger LOG = Logger.getLogger(Limits.class);
    /**
     * Readiness may wait longer than a request's check: it decides what readiness reports, and a first connection
     * (or a busy moment) can take longer than a check may, without Redis being down.
     */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final LocalLimitStore local;
    private final RedisLimitStore shared;
    private final Redis redis;
    private final RedisConfig config;
    /** How much longer than the timeout a late check waits for Redis before it is counted alone. */
    private final Duration patience;
    private final AtomicReference<RedisHealth> health = new AtomicReference<>(RedisHealth.UP);
    private final Counter fallbacks;
    private final Counter givenUp;
    private final MeterRegistry registry;
    private final Map<RefusalKey, Counter> refusals = new ConcurrentHashMap<>();

    @Inject
    Limits(RedisConfig config, io.vertx.mutiny.core.Vertx vertx, MeterRegistry registry) {
        this(config, vertx, registry, LocalLimitStore::systemMicros);
    }

    /** Counting on the given clock (microseconds) while it counts alone: for tests that step through time. */
    Limits(RedisConfig config, io.vertx.mutiny.core.Vertx vertx, MeterRegistry registry, LongSupplier clockMicros) {
        this.local = new LocalLimitStore(clockMicros);
        if (config.expectedReplicas() < 1 || config.timeoutsBeforeFallback() < 1) {
            throw new IllegalArgumentException(
                    "flaregate.redis.expected-replicas and timeouts-before-fallback must be at least 1");
        }
        this.config = config;
        this.patience = config.timeout().multipliedBy(config.timeoutsBeforeFallback() - 1L);
        this.registry = registry;
        this.redis = config.url().filter(url -> !url.isBlank()).map(url -> Redis.createClient(vertx, options(url)))
                .orElse(null);
        this.shared = redis == null ? null : new RedisLimitStore(new RedisLink(redis)::send);
        this.fallbacks = Counter.builder("flaregate.ratelimit.redis.fallbacks")
                .description("Limit checks counted by this instance alone although Redis is configured")
                .register(registry);
        this.givenUp = Counter.builder("flaregate.redis.given.up")
                .description("Times this instance gave Redis up and went over to counting its share alone")
                .register(registry);
        if (redis != null) {
            Gauge.builder("flaregate.redis.up", this, l -> l.redisUp() ? 1 : 0)
                    .description("1 while the limits shared through Redis are reachable, 0 while they are not")
                    .register(registry);
            Gauge.builder("flaregate.ratelimit.instance.share", this, l -> l.redisUp() ? 0 : 1.0 / l.replicas())
                    .description("Share of each limit this instance enforces alone: 0 while Redis shares them")
                    .register(registry);
            LOG.infof("Limits are shared by all replicas through Redis at %s", safeAddress(config.url().get()));
        }
    }

    /**
     * Connects and loads the script at startup, so that the first burst of requests neither waits for a connection
     * nor sends the whole script once per check.
     */
    void connect(@Observes StartupEvent startup) {
        probeRedis().chain(up -> up ? shared.prepare() : Uni.createFrom().voidItem())
                .subscribe().with(ready -> {
                }, failure -> LOG.debugf("Could not load the limits script into Redis yet: %s", failure));
    }

    private static RedisOptions options(String url) {
        // Every check is pipelined on one connection (RedisLink); the pool only opens it again when it closes.
        return new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(4)
                .setMaxPoolWaiting(64)
                .setMaxWaitingHandlers(8192)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(1000).setTcpKeepAlive(true));
    }

    /** Whether Redis is configured at all. */
    public boolean shared() {
        return redis != null;
    }

    /** Whether Redis is configured and this instance counts its limits there. */
    public boolean redisUp() {
        return redis != null && health.get().shared();
    }

    /** The replicas this instance expects to share the limits with: it enforces one such share while alone. */
    public int replicas() {
        return config.expectedReplicas();
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

    /**
     * Asks Redis whether it is there, for readiness and at startup, as a check would: while Redis is given up it
     * asks only when a probe is due, so readiness cannot make the state flap either.
     */
    public Uni<Boolean> probeRedis() {
        if (shared == null) {
            return Uni.createFrom().item(false);
        }
        RedisHealth.Route route = route();
        if (route == RedisHealth.Route.LOCAL) {
            return Uni.createFrom().item(false);
        }
        long sent = System.nanoTime();
        return shared.ping().ifNoItem().after(PROBE_TIMEOUT.compareTo(config.timeout()) > 0 ? PROBE_TIMEOUT
                : config.timeout()).fail()
                .map(ok -> {
                    answered(route);
                    return redisUp();
                })
                .onFailure().recoverWithItem(failure -> {
                    failed(route, failure, sent);
                    return redisUp();
                });
    }

    private Uni<List<Outcome>> apply(String owner, List<Check> checks, boolean force) {
        if (shared == null) {
            return local.apply(owner, checks, force);
        }
        RedisHealth.Route route = route();
        if (route == RedisHealth.Route.LOCAL) {
            return alone(owner, checks, force);
        }
        return Uni.createFrom().deferred(() -> {
            Context caller = io.vertx.core.Vertx.currentContext();
            long sent = System.nanoTime();
            // A late answer is not yet an outage: the check notes it and keeps waiting, as long as the timeouts
            // that would give Redis up take, rather than count alone what Redis may be counting too.
            Uni<List<Outcome>> answer = shared.apply(owner, checks, force).memoize().indefinitely();
            Uni<List<Outcome>> counted = answer
                    .ifNoItem().after(config.timeout()).recoverWithUni(() -> {
                        failed(route, new TimeoutException(), sent);
                        return patience.isZero() ? Uni.createFrom().<List<Outcome>>failure(new TimeoutException())
                                : answer.ifNoItem().after(patience).fail();
                    })
                    .invoke(() -> answered(route))
                    .onFailure().recoverWithUni(failure -> {
                        failed(route, failure, sent);
                        return alone(owner, checks, force);
                    });
            // Redis answers on its connection's thread: go back to the request's context, whose logging context
            // and request-scoped values the caller continues with.
            return caller == null ? counted : counted.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    /** This instance's share of each limit, counted here: together the replicas stay within the limit. */
    private Uni<List<Outcome>> alone(String owner, List<Check> checks, boolean force) {
        fallbacks.increment();
        int replicas = config.expectedReplicas();
        return local.apply(owner, replicas == 1 ? checks : checks.stream().map(c -> c.share(replicas)).toList(),
                force);
    }

    /** Where the next check goes; a due probe is handed to exactly one caller. */
    private RedisHealth.Route route() {
        while (true) {
            RedisHealth current = health.get();
            long now = System.nanoTime();
            RedisHealth.Route route = current.route(now);
            if (route != RedisHealth.Route.PROBE
                    || health.compareAndSet(current, current.probing(now, config.retryInterval().toNanos()))) {
                return route;
            }
        }
    }

    private void answered(RedisHealth.Route route) {
        RedisHealth before = health.getAndUpdate(h -> h.answered(route));
        if (!before.shared() && before.answered(route).shared()) {
            LOG.info("Redis answers again: limits are shared by all replicas again");
        }
    }

    private void failed(RedisHealth.Route route, Throwable failure, long sentNanos) {
        long now = System.nanoTime();
        boolean unreachable = RedisHealth.unreachable(failure);
        UnaryOperator<RedisHealth> transition = h -> h.failed(route, unreachable, sentNanos, now,
                config.retryInterval().toNanos(), config.timeoutsBeforeFallback());
        RedisHealth before = health.getAndUpdate(transition);
        if (before.shared() && !transition.apply(before).shared()) {
            givenUp.increment();
            LOG.warnf("Redis %s (%s): this instance counts 1/%d of each limit on its own, and tries Redis again in %s",
                    unreachable ? "cannot be reached" : "did not answer in time, several times in a row",
                    failure.getClass().getSimpleName(), config.expectedReplicas(), config.retryInterval());
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
