package dev.flaregate.workersai;

import java.net.URI;

/**
 * Where the gateway sends its Workers AI calls: Cloudflare, an AI Gateway, or the emulator. Calls go to
 * {@code {baseUri}/accounts/{accountId}/ai/run/{model}} with {@code Authorization: Bearer {apiToken}}.
 */
public record WorkersAiTarget(URI baseUri, String accountId, String apiToken, boolean emulated) {

    /** Never print the token: records print every component by default. */
    @Override
    public String toString() {
        return "WorkersAiTarget[" + baseUri + ", account " + accountId + (emulated ? ", emulated]" : "]");
    }
}
