package dev.flaregate.workersai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

/** Each event loop calls Workers AI on connections of its own, so that no answer crosses to another thread. */
class EventLoopClientsTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final EventLoopClients clients = new EventLoopClients(vertx, new HttpClientOptions().setMaxPoolSize(100));

    @AfterEach
    void close() throws Exception {
        clients.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void eachLoopHasOneClientOfItsOwn() throws Exception {
        Map<Thread, HttpClient> seen = new ConcurrentHashMap<>();
        List<String> mismatches = new CopyOnWriteArrayList<>();
        // Verticle instances are spread over the event loops: six of them call twice from each of the two.
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                HttpClient earlier = seen.putIfAbsent(Thread.currentThread(), clients.current());
                if (earlier != null && earlier != clients.current()) {
                    mismatches.add(Thread.currentThread().getName());
                }
            }
        }, new DeploymentOptions().setInstances(6)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertEquals(List.of(), mismatches, "the same loop, the same client and its connections");
        assertEquals(2, seen.size(), "both loops called");
        assertEquals(2, new HashSet<>(seen.values()).size(), "another loop, another client");
        assertFalse(seen.containsValue(clients.current()), "callers off the loops have a client of their own");
        assertSame(clients.current(), clients.current());
    }
}
