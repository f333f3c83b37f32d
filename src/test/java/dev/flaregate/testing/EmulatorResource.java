package dev.flaregate.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.flaregate.emulator.WorkersAiEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Runs a Workers AI emulator on a free port and points the gateway at it with credentials, so tests take the
 * same path as production against Cloudflare: real HTTP, a real account id and token check.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String ACCOUNT = "test-account";
    public static final String TOKEN = "test-token-5f2c9a";
    public static final String GATEWAY_TOKEN = "test-gateway-token-81d0";
    /** Init argument: route calls through the emulator's AI Gateway, with or without the run/ segment. */
    public static final String GATEWAY = "ai-gateway";

    private Vertx vertx;
    private WorkersAiEmulator emulator;
    private HttpServer server;
    private int port;
    private String baseUrl;
    private String gateway;

    @Override
    public void init(Map<String, String> initArgs) {
        gateway = initArgs.get(GATEWAY);
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        emulator = new WorkersAiEmulator(ACCOUNT, TOKEN, Duration.ZERO, GATEWAY_TOKEN);
        listen();
        port = server.actualPort();
        baseUrl = "http://127.0.0.1:" + port;
        Map<String, String> config = new HashMap<>(Map.of(
                "cloudflare.account-id", ACCOUNT,
                "cloudflare.api-token", TOKEN,
                "flaregate.workers-ai.url", baseUrl + WorkersAiEmulator.API_BASE));
        if (gateway != null) {
            config.putAll(Map.of("flaregate.ai-gateway.id", "test-gateway",
                    "flaregate.ai-gateway.token", GATEWAY_TOKEN,
                    "flaregate.ai-gateway.url", baseUrl + WorkersAiEmulator.GATEWAY_BASE,
                    "flaregate.ai-gateway.run-segment", gateway));
        }
        return config;
    }

    /** Listens on the emulator's port, a free one the first time. */
    private void listen() {
        try {
            server = emulator.listen(vertx, "127.0.0.1", port)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The Workers AI emulator did not start", e);
        }
    }

    /** Stops listening and drops its connections: calls are refused, as in an outage. */
    private void stopListening() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new Emulator(baseUrl, this::stopListening, this::listen),
                new TestInjector.AnnotatedAndMatchesType(InjectEmulator.class, Emulator.class));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
