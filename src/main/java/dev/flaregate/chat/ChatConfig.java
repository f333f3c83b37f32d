package dev.flaregate.chat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Defaults for chat completions. */
@ConfigMapping(prefix = "flaregate.chat")
public interface ChatConfig {

    /**
     * {@code max_tokens} sent when the client names none. Workers AI's own default is 256, which silently cuts
     * answers; this is capped by the model's context window where the catalogue knows it.
     */
    @WithDefault("4096")
    int defaultMaxTokens();
}
