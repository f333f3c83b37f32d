package dev.flaregate.limits;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's own ceiling on Workers AI calls per model and minute, below Cloudflare's, so that a burst waits a
 * moment or gets a fast 429 from the gateway instead of turning into upstream 429s for every client.
 */
@ConfigMapping(prefix = "flaregate.upstream-budget")
public interface UpstreamBudgetConfig {

    @WithDefault("true")
    boolean enabled();

    /** Calls a minute to each text generation model without a ceiling of its own (Cloudflare: 300). */
    @WithDefault("300")
    long textGeneration();

    /** Calls a minute to each embedding model without a ceiling of its own (Cloudflare: 3000). */
    @WithDefault("3000")
    long textEmbeddings();

    /**
     * Ceilings of single models, {@code model=calls} entries separated by commas, added to (or replacing) the
     * exceptions Cloudflare publishes; {@code 0} lifts a model's ceiling.
     */
    Optional<List<String>> models();

    /** Longest time a call waits for room in its model's budget before it is refused with a 429. */
    @WithDefault("2s")
    Duration maxWait();
}
