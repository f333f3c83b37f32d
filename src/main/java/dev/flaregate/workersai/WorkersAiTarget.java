package dev.flaregate.workersai;

import java.net.URI;
import java.util.Optional;

/**
 * Where the gateway sends its Workers AI calls: Cloudflare, through an AI Gateway or not, or the emulator.
 *
 * @param apiBase       the Cloudflare API base, for the model catalogue
 * @param runBase       what a model id is appended to: {@code {apiBase}/accounts/{account}/ai/run} or, through
 *                      AI Gateway, {@code {gateway url}/{account}/{gateway}/workers-ai[/run]}
 * @param accountId     the Cloudflare account
 * @param apiToken      sent as {@code Authorization: Bearer}
 * @param gatewayToken  sent as {@code cf-aig-authorization: Bearer} when an Authenticated Gateway needs it, or null
 * @param emulated      whether this is the built-in emulator
 */
public record WorkersAiTarget(URI apiBase, URI runBase, String accountId, String apiToken, String gatewayToken,
        boolean emulated) {

    /** Ids go into URL paths: Cloudflare's are hex, gateway names are letters, digits and dashes. */
    private static final String PATH_SAFE = "[A-Za-z0-9_-]{1,64}";

    public static WorkersAiTarget direct(String apiBase, String accountId, String apiToken, boolean emulated) {
        URI api = URI.create(checked(apiBase, "API base"));
        return new WorkersAiTarget(api, directRun(api, segment(accountId, "account id")), accountId, apiToken, null,
                emulated);
    }

    private static URI directRun(URI apiBase, String accountId) {
        return URI.create(apiBase + "/accounts/" + accountId + "/ai/run");
    }

    /** The same target, with model calls routed through an AI Gateway. */
    public WorkersAiTarget through(AiGatewayConfig gateway) {
        if (gateway.id().isEmpty()) {
            return this;
        }
        URI run = URI.create(checked(gateway.url(), "AI Gateway URL") + "/" + accountId + "/"
                + segment(gateway.id().get(), "AI Gateway id") + "/workers-ai" + (gateway.runSegment() ? "/run" : ""));
        return new WorkersAiTarget(apiBase, run, accountId, apiToken, gateway.token().orElse(null), emulated);
    }

    public boolean throughGateway() {
        return !runBase.equals(directRun(apiBase, accountId));
    }

    public Optional<String> gatewayAuthorization() {
        return Optional.ofNullable(gatewayToken).map(t -> "Bearer " + t);
    }

    private static String segment(String value, String what) {
        if (!value.matches(PATH_SAFE)) {
            throw new IllegalArgumentException("The " + what + " must be letters, digits, '-' or '_'");
        }
        return value;
    }

    private static String checked(String url, String what) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
            throw new IllegalArgumentException("The " + what + " must be an http(s) URL, not '" + url + "'");
        }
        return trimmed;
    }

    /** Never print the tokens: records print every component by default. */
    @Override
    public String toString() {
        return "WorkersAiTarget[" + runBase + ", account " + accountId + (emulated ? ", emulated]" : "]");
    }
}
