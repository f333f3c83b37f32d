package dev.flaregate.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway's own HTTP port may be spoken to. */
@ConfigMapping(prefix = "flaregate.http")
public interface HttpConfig {

    /**
     * HTTP/2 in clear text on the plain port, by upgrade ({@code Upgrade: h2c}) or with prior knowledge. Off by
     * default: no OpenAI SDK speaks it, and a proxy that passes the upgrade on hands the client a connection on
     * which its path rules (an Ingress that publishes only {@code /v1}) no longer apply. HTTP/2 over TLS is not
     * affected.
     */
    @WithDefault("false")
    boolean h2c();
}
