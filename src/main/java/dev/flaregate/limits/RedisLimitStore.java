package dev.flaregate.limits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Limits counted in Redis, so that every replica pointed at it enforces one limit together: each call is one
 * {@code EVALSHA} of {@code flaregate/limits.lua}, atomic on the server and one round trip. After a Redis restart
 * the script is unknown there once ({@code NOSCRIPT}) and is sent whole.
 */
final class RedisLimitStore implements LimitStore {

    private static final String KEY_PREFIX = "flaregate:";

    private final Function<Request, Uni<Response>> send;
    private final Supplier<String> clock;
    private final String script;
    private final String sha;

    /** Counts on Redis' clock, the one all replicas share. */
    RedisLimitStore(Function<Request, Uni<Response>> send) {
        this(send, () -> "");
    }

    /** Counts on the given clock, in microseconds: for tests that step through time. */
    RedisLimitStore(Function<Request, Uni<Response>> send, LongSupplier clockMicros) {
        this(send, () -> Long.toString(clockMicros.getAsLong()));
    }

    private RedisLimitStore(Function<Request, Uni<Response>> send, Supplier<String> clock) {
        this.send = send;
        this.clock = clock;
        this.script = loadScript();
        this.sha = sha1(script);
    }

    @Override
    public Uni<List<Outcome>> apply(String owner, List<Check> checks, boolean force) {
        String now = clock.get();
        return send.apply(request(Command.EVALSHA, sha, now, owner, checks, force))
                .onFailure(RedisLimitStore::unknownScript)
                .recoverWithUni(() -> send.apply(request(Command.EVAL, script, now, owner, checks, force)))
                .map(reply -> outcomes(checks, reply));
    }

    /** Loads the script, so that checks need only send its digest. */
    Uni<Void> prepare() {
        return send.apply(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).replaceWithVoid();
    }

    Uni<Void> ping() {
        return send.apply(Request.cmd(Command.PING)).replaceWithVoid();
    }

    /**
     * The owner goes into the key as a hash tag, so all of one owner's keys live in one Redis Cluster slot, as a
     * multi-key script requires.
     */
    static String key(String owner, String name) {
        return KEY_PREFIX + "{" + owner + "}:" + name;
    }

    private static Request request(Command command, String scriptOrSha, String now, String owner,
            List<Check> checks, boolean force) {
        Request request = Request.cmd(command).arg(scriptOrSha).arg(checks.size());
        checks.forEach(check -> request.arg(key(owner, check.name())));
        request.arg(force ? "1" : "0").arg(now);
        for (Check check : checks) {
            request.arg(switch (check.window()) {
                case MINUTE -> "m";
                case SLIDING_MINUTE -> "s";
                case UTC_DAY -> "d";
            })
                    .arg(check.limit()).arg(check.need()).arg(check.consume());
        }
        return request;
    }

    private static List<Outcome> outcomes(List<Check> checks, Response reply) {
        if (reply == null || reply.size() != checks.size() * 4) {
            throw new IllegalStateException("Unexpected answer from the limits script in Redis");
        }
        List<Outcome> outcomes = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            outcomes.add(new Outcome(checks.get(i), reply.get(i * 4).toLong() == 1, reply.get(i * 4 + 1).toLong(),
                    Duration.ofMillis(reply.get(i * 4 + 2).toLong()),
                    Duration.ofMillis(reply.get(i * 4 + 3).toLong())));
        }
        return outcomes;
    }

    private static boolean unknownScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String loadScript() {
        try (InputStream in = RedisLimitStore.class.getResourceAsStream("/flaregate/limits.lua")) {
            if (in == null) {
                throw new IllegalStateException("flaregate/limits.lua is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read flaregate/limits.lua", e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
