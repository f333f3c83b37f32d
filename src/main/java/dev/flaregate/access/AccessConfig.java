package dev.flaregate.access;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Who may use the gateway, and how much. Keys are secrets and come from a Secret (as a variable or a mounted file);
 * policies are not, and belong in a ConfigMap. Neither has a default: without keys the gateway is open.
 */
@ConfigMapping(prefix = "flaregate")
public interface AccessConfig {

    /** {@code name:key} entries separated by commas ({@code FLAREGATE_API_KEYS}). */
    Optional<List<String>> apiKeys();

    /**
     * A file of {@code name:key} lines ({@code FLAREGATE_API_KEYS_FILE}), e.g. a mounted Kubernetes Secret; blank
     * lines and lines starting with {@code #} are skipped. Read at startup.
     */
    Optional<Path> apiKeysFile();

    /**
     * Limits per key name ({@code FLAREGATE_KEY_POLICIES}), e.g.
     * {@code *: rpm=60 tpm=100000; ci: rpm=600 tpd=5000000 models=gpt-4o-mini}; see {@link KeyPolicies}.
     */
    Optional<String> keyPolicies();
}
