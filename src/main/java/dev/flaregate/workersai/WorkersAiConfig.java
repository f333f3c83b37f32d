package dev.flaregate.workersai;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway reaches Workers AI. */
@ConfigMapping(prefix = "flaregate.workers-ai")
public interface WorkersAiConfig {

    /** The Cloudflare API base ({@code FLAREGATE_WORKERS_AI_URL}); calls go to {@code {url}/accounts/...}. */
    @WithDefault("https://api.cloudflare.com/client/v4")
    String url();

    /**
     * Connections to Workers AI open at once, streams included; a call beyond it waits for a free connection. A
     * stream holds its connection for as long as it runs, so this is sized for many concurrent streams.
     */
    @WithDefault("1000")
    int maxConnections();

    /** Time to open a connection to Workers AI. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Total time for a non-streaming call. */
    @WithDefault("120s")
    Duration requestTimeout();

    /**
     * Longest silence allowed in a stream, before the first token and between two frames. A stream that keeps
     * producing is never cut, however long it runs.
     */
    @WithDefault("60s")
    Duration streamIdleTimeout();
}
