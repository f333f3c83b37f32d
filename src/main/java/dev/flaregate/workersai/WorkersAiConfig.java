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

    /** Workers AI calls in flight at once, streams included; more wait in a queue. */
    @WithDefault("256")
    int maxConcurrentCalls();

    /** Calls that may wait for a place; beyond this a call is refused at once with a 429. */
    @WithDefault("512")
    int maxQueuedCalls();

    /** Longest wait in the queue before a call is refused with a 429. */
    @WithDefault("10s")
    Duration queueTimeout();

    /** Time to open a connection to Workers AI. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Total time for a non-streaming call. */
    @WithDefault("120s")
    Duration requestTimeout();

    /** Longest wait for a stream's first frame, each attempt. */
    @WithDefault("60s")
    Duration firstTokenTimeout();

    /**
     * Longest silence allowed between two frames of a stream. A stream that keeps producing is never cut, however
     * long it runs.
     */
    @WithDefault("60s")
    Duration streamIdleTimeout();

    /** Retries of calls that failed for reasons a retry can cure. */
    Retry retry();

    /** The breaker that stops calling a Workers AI that keeps failing. */
    Breaker breaker();

    interface Retry {

        /** Calls in all, the first included; 1 turns retries off. */
        @WithDefault("3")
        int maxAttempts();

        /** Pause before the first retry; it doubles each retry, with jitter. */
        @WithDefault("250ms")
        Duration initialBackoff();

        /** Longest pause between two attempts. */
        @WithDefault("4s")
        Duration maxBackoff();

        /** Time after which no further attempt starts. */
        @WithDefault("30s")
        Duration budget();
    }

    interface Breaker {

        /** Calls in the rolling window the failure ratio is measured over. */
        @WithDefault("20")
        int requestVolume();

        /** Share of failed calls (5xx, timeouts, no connection) in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /**
         * How long the breaker stays open the first time before letting trial calls through: short, so that a
         * Workers AI back from a brief outage is called again within seconds.
         */
        @WithDefault("2s")
        Duration delay();

        /**
         * The longest open period. Each time the trial calls fail the breaker stays open twice as long as before,
         * up to this, so that a long outage is tried now and then only; once it closes, the next period is
         * {@link #delay()} again.
         */
        @WithDefault("30s")
        Duration maxDelay();

        /** Trial calls let through while half-open; all must succeed to close it again. */
        @WithDefault("2")
        int successThreshold();
    }
}
