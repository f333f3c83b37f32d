package dev.flaregate.emulator;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The built-in Workers AI emulator, started only when no Cloudflare credentials are configured. */
@ConfigMapping(prefix = "flaregate.emulator")
public interface EmulatorConfig {

    /** Interface the emulator listens on: loopback, since only this gateway talks to it. */
    @WithDefault("127.0.0.1")
    String host();

    /** Port of the emulator; 0 picks a free one. */
    @WithDefault("0")
    int port();

    /**
     * The API token the emulator accepts. Unset, a fresh random one each start, known only to this process; set it
     * to let another gateway use this emulator as its Workers AI (the benchmark does, to keep them apart).
     */
    Optional<String> token();

    /** Pause between two streamed tokens, to behave like a model that is thinking. */
    @WithDefault("15ms")
    Duration tokenInterval();
}
