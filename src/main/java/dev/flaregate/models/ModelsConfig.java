package dev.flaregate.models;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The model catalogue and the names clients may use for models. */
@ConfigMapping(prefix = "flaregate.models")
public interface ModelsConfig {

    /**
     * Other names for Workers AI models, as {@code name=model} entries separated by commas
     * ({@code FLAREGATE_MODELS_ALIASES}), so tools hard-wired to OpenAI model names work unchanged. Set it empty
     * for none.
     */
    Optional<List<String>> aliases();

    /** How often the catalogue is reloaded from Workers AI when Cloudflare credentials are set. */
    @WithDefault("1h")
    Duration refreshInterval();
}
