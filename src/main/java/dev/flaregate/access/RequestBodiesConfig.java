package dev.flaregate.access;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How request bodies are received. The largest single body is Quarkus' own {@code quarkus.http.limits.max-body-size};
 * these bound what all bodies together may hold, and how long one may take.
 */
@ConfigMapping(prefix = "flaregate.request-bodies")
public interface RequestBodiesConfig {

    /**
     * Bytes of request bodies the instance holds at once ({@code FLAREGATE_REQUEST_BODIES_MAX_IN_FLIGHT}); a body
     * that would pass it gets a 503. Unset: a quarter of the heap, since a body is held a few times over while it
     * is parsed and translated.
     */
    Optional<MemorySize> maxInFlight();

    /**
     * Bytes of request bodies one API key's requests hold at once; a body that would pass it gets a 429. Unset:
     * half of {@link #maxInFlight()}, so that one key cannot take the instance's whole allowance.
     */
    Optional<MemorySize> maxInFlightPerKey();

    /** Longest time from a request's head to the last byte of its body; a slower body gets a 408. */
    @WithDefault("60s")
    Duration timeout();
}
