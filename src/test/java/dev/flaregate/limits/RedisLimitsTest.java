package dev.flaregate.limits;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectRedis;
import dev.flaregate.testing.RedisResource;
import dev.flaregate.testing.RedisServer;
import dev.flaregate.testing.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Limits counted in Redis: the count lives there (a Redis emptied is a limit started again), and a Redis that goes
 * away fails no request: the instance gives it up once, not at every check, and counts its share of each limit
 * alone (the limit over the replicas it expects); readiness stays UP and says so, the gauges say 0 and the share;
 * when Redis is back, one probe finds it and the limits are shared again.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@WithTestResource(RedisResource.class)
@TestProfile(RedisLimitsTest.SharedLimits.class)
class RedisLimitsTest {

    private static final String KEY = "shared-4a9e1c7b3d8f2a6e0c5b";
    private static final int RPM = 6;

    public static class SharedLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.api-keys", "shared:" + KEY, "flaregate.key-policies", "shared: rpm=" + RPM,
                    "flaregate.redis.retry-interval", "200ms",
                    "flaregate.redis.expected-replicas", "3",
                    // The machine running the tests may be busy: a slow answer must not pass for a dead Redis.
                    "flaregate.redis.timeout", "500ms");
        }
    }

    @InjectRedis
    RedisServer redis;

    private static ValidatableResponse chat(String text) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + KEY)
                .body(body(LLAMA, text, null)).post("/v1/chat/completions").then();
    }

    private static ValidatableResponse readiness() {
        return given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'limits' }.status", equalTo("UP"));
    }

    @Test
    void theCountLivesInRedisAndARedisThatGoesAwayFailsNoRequest() throws Exception {
        readiness().body("checks.find { it.name == 'limits' }.data.redis", equalTo("up"));
        for (int i = 0; i < RPM; i++) {
            chat("counted in redis " + i).statusCode(200);
        }
        chat("refused by redis").statusCode(429).body("error.code", equalTo("rate_limit_exceeded"));

        // A fresh Redis knows nothing of those requests: the count was there, not in this process.
        redis.kill();
        redis.restart();
        chat("a fresh count").statusCode(200);

        Scrape before = Scrape.now();
        redis.kill();
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            chat("redis is gone " + i).statusCode(200);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 3_000, "a dead Redis slowed a request to " + millis + " ms");
        }
        // Counted by this instance alone now, its share: 6 a minute over 3 replicas.
        chat("one more than the share").statusCode(429).header("Retry-After", notNullValue());
        // Probes keep failing for a second: the instance stays alone, it does not flap.
        for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            chat("still alone").statusCode(429);
        }
        readiness().body("checks.find { it.name == 'limits' }.data.redis", equalTo("down"))
                .body("checks.find { it.name == 'limits' }.data.counted", equalTo("per-instance"))
                .body("checks.find { it.name == 'limits' }.data.share", equalTo("1/3"));
        Scrape alone = Scrape.now();
        assertEquals(1.0, alone.since(before, "flaregate_redis_given_up_total"), "gave Redis up once");
        assertEquals(0.0, alone.sum("flaregate_redis_up"));
        assertEquals(1.0 / 3, alone.sum("flaregate_ratelimit_instance_share"), 1e-9);
        assertTrue(alone.since(before, "flaregate_ratelimit_redis_fallbacks_total") >= 3);

        redis.restart();
        awaitReadinessSays("up", Duration.ofSeconds(10));
        given().get("/q/metrics").then().body(containsString("flaregate_redis_up 1.0"));
        chat("shared again").statusCode(200);
    }

    private static void awaitReadinessSays(String redisState, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!redisState.equals(given().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'limits' }.data.redis"))) {
            assertTrue(System.nanoTime() < deadline, "readiness never said redis: " + redisState);
            Thread.sleep(100);
        }
    }
}
