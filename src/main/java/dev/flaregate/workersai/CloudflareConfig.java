package dev.flaregate.workersai;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Cloudflare credentials, under the environment names wrangler uses: {@code CLOUDFLARE_ACCOUNT_ID} and
 * {@code CLOUDFLARE_API_TOKEN}. Without both, the gateway serves from its Workers AI emulator. No defaults: a
 * secret must never have one.
 */
@ConfigMapping(prefix = "cloudflare")
public interface CloudflareConfig {

    /** The account whose Workers AI the gateway calls. */
    Optional<String> accountId();

    /** An API token with Workers AI Read and Edit permissions. */
    Optional<String> apiToken();

    default boolean complete() {
        return accountId().filter(s -> !s.isBlank()).isPresent() && apiToken().filter(s -> !s.isBlank()).isPresent();
    }
}
