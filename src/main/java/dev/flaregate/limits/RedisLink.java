package dev.flaregate.limits;

import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * One connection to Redis that every check is pipelined on. A pooled client holds a connection per command until
 * its answer, so hundreds of concurrent checks queue for connections and time out while Redis itself is idle; on
 * one connection they all go out at once and each costs one round trip. A connection that closes is replaced by the
 * next command, which is sent once more on the new one when the old one failed under it.
 */
final class RedisLink {

    private final Redis client;
    private final AtomicReference<Uni<RedisConnection>> connection = new AtomicReference<>();

    RedisLink(Redis client) {
        this.client = client;
    }

    Uni<Response> send(Request request) {
        Uni<RedisConnection> current = connection();
        return current.flatMap(c -> c.send(request))
                .onFailure(RedisHealth::unreachable)
                .recoverWithUni(failure -> {
                    connection.compareAndSet(current, null);
                    return connection().flatMap(c -> c.send(request));
                });
    }

    /** The connection, opened by the first command that needs it; all that ask meanwhile wait for the same one. */
    private Uni<RedisConnection> connection() {
        Uni<RedisConnection> current = connection.get();
        if (current != null) {
            return current;
        }
        AtomicReference<Uni<RedisConnection>> self = new AtomicReference<>();
        Uni<RedisConnection> opening = client.connect()
                .invoke(c -> {
                    c.exceptionHandler(e -> connection.compareAndSet(self.get(), null));
                    c.endHandler(() -> connection.compareAndSet(self.get(), null));
                })
                .onFailure().invoke(e -> connection.compareAndSet(self.get(), null))
                .memoize().indefinitely();
        self.set(opening);
        return connection.compareAndSet(null, opening) ? opening : connection();
    }
}
