package dev.flaregate.images;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Remote images in chat messages: Workers AI takes only {@code data:} URLs, so the gateway may fetch others. */
@ConfigMapping(prefix = "flaregate.images")
public interface ImagesConfig {

    /** Off by default: fetching a client's URL makes the gateway a client of any host on the internet. */
    @WithDefault("false")
    boolean remoteFetch();

    /** Largest image fetched; its base64 (a third larger) must fit in Workers AI's 10 MiB body with the rest. */
    @WithDefault("5M")
    MemorySize maxSize();

    /** Longest time for one image: resolving, connecting, redirects and the whole body. */
    @WithDefault("10s")
    Duration fetchTimeout();

    /** Redirects followed; each hop is checked like the first URL. */
    @WithDefault("3")
    int maxRedirects();

    /** For tests only: lets a loopback address through. Private, link-local and other ranges stay refused. */
    @WithDefault("false")
    boolean allowLoopback();
}
