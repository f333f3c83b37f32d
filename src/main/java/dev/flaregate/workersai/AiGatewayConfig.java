package dev.flaregate.workersai;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Routing through Cloudflare AI Gateway (caching, logs, rate limits, spend limits), used when a gateway id is set.
 */
@ConfigMapping(prefix = "flaregate.ai-gateway")
public interface AiGatewayConfig {

    /** The gateway's id ({@code FLAREGATE_AI_GATEWAY_ID}); unset, calls go straight to Workers AI. */
    Optional<String> id();

    /** For an Authenticated Gateway: sent as {@code cf-aig-authorization} ({@code FLAREGATE_AI_GATEWAY_TOKEN}). */
    Optional<String> token();

    /** AI Gateway's base URL; calls go to {@code {url}/{account}/{gateway}/workers-ai/...}. */
    @WithDefault("https://gateway.ai.cloudflare.com/v1")
    String url();

    /**
     * Whether a {@code run/} segment precedes the model ({@code .../workers-ai/run/@cf/...}). Cloudflare's own client
     * sends it and a report says the form without it failed; the docs show the form without. Default: with.
     */
    @WithDefault("true")
    boolean runSegment();
}
