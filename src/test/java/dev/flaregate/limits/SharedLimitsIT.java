package dev.flaregate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.flaregate.testing.PackagedGateway;
import dev.flaregate.testing.RedisServer;

/**
 * Two replicas of the packaged gateway and one Redis: together they let exactly a key's requests a minute through,
 * however the requests are spread between them; with Redis gone, both keep serving, each counting on its own.
 */
class SharedLimitsIT {

    private static final int PER_MINUTE = 5;
    private static final String SHARED_KEY = "shared-0c6f2e9a4b7d1e8c3f5a";
    private static final String LATER_KEY = "later-8b2d5f1a7e3c9b4d0a6e";

    private static RedisServer redis;
    private static PackagedGateway first;
    private static PackagedGateway second;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start("shared-limits-it");
        Map<String, String> config = Map.of(
                "flaregate.api-keys", "shared:" + SHARED_KEY + ",later:" + LATER_KEY,
                "flaregate.key-policies", "*: rpm=" + PER_MINUTE,
                "flaregate.redis.url", redis.url(),
                // A busy machine must not make a slow answer pass for a dead Redis.
                "flaregate.redis.timeout", "500ms");
        first = PackagedGateway.start("shared-limits-it-1", config);
        second = PackagedGateway.start("shared-limits-it-2", config);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] {first, second, redis}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    @Test
    void twoReplicasLetExactlyTheLimitThroughTogetherThenBothServeWithoutRedis() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            PackagedGateway replica = i % 2 == 0 ? first : second;
            HttpResponse<String> response = replica.send(replica.chat("shared " + i, false)
                    .header("Authorization", "Bearer " + SHARED_KEY));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                assertTrue(response.body().contains("\"code\":\"rate_limit_exceeded\""), response.body());
            }
        }
        assertEquals(PER_MINUTE, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
        assertEquals(12 - PER_MINUTE, statuses.stream().filter(s -> s == 429).count(), "statuses " + statuses);

        redis.kill();
        int served = 0;
        for (int i = 0; i < 12; i++) {
            PackagedGateway replica = i % 2 == 0 ? first : second;
            int status = replica.send(replica.chat("without redis " + i, false)
                    .header("Authorization", "Bearer " + LATER_KEY)).statusCode();
            assertTrue(status == 200 || status == 429, "status " + status);
            served += status == 200 ? 1 : 0;
        }
        // Each replica now counts on its own: each lets the limit through.
        assertEquals(2 * PER_MINUTE, served);
        for (PackagedGateway replica : List.of(first, second)) {
            HttpResponse<String> ready = replica.send(HttpRequest.newBuilder(
                    URI.create(replica.baseUrl() + "/q/health/ready")));
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().replace(" ", "").contains("\"redis\":\"down\""), ready.body());
        }
    }
}
