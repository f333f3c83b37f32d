package dev.flaregate.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the gateway at a {@link RedisServer} of its own; a field marked {@link InjectRedis} gets the server. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    private RedisServer redis;

    @Override
    public Map<String, String> start() {
        redis = RedisServer.start("quarkus-test");
        return Map.of("flaregate.redis.url", redis.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(redis,
                new TestInjector.AnnotatedAndMatchesType(InjectRedis.class, RedisServer.class));
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }
}
