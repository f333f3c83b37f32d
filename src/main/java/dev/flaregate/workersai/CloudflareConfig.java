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
        return set(accountId()) && set(apiToken());
    }

    /** One credential without the other: a configuration mistake, which readiness reports. */
    default boolean halfSet() {
        return set(accountId()) != set(apiToken());
    }

    private static boolean set(Optional<String> value) {
        return value.filter(s -> !s.isBlank()).isPresent();
    }
}
