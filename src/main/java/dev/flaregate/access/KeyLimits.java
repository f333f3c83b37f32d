package dev.flaregate.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.flaregate.error.ApiError;
import dev.flaregate.limits.Check;
import dev.flaregate.limits.Check.Window;
import dev.flaregate.limits.Limits;
import dev.flaregate.limits.Outcome;
import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.models.WorkersAiModel;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/**
 * A key's policy, enforced: requests a minute on every request; tokens a minute and per day before each model call
 * (while any are left) and counted after it, from the usage Workers AI reports (a stream's when it ends); the
 * models it may use, compared after aliases are resolved. Responses to a key with limits carry OpenAI's
 * {@code x-ratelimit-*} headers, which LangChain and others read.
 */
@ApplicationScoped
public class KeyLimits {

    private static final Logger LOG = Logger.getLogger(KeyLimits.class);
    private static final String REQUESTS = "requests";
    private static final String TOKENS = "tokens";
    private static final String TOKENS_TODAY = "tokens-today";

    private final Limits limits;
    private final ModelCatalogue catalogue;

    KeyLimits(Limits limits, ModelCatalogue catalogue) {
        this.limits = limits;
        this.catalogue = catalogue;
    }

    /** Runs after routing, so unknown URLs stay 404s; model calls are the POSTs. */
    @ServerRequestFilter
    public Uni<Void> admit(ContainerRequestContext request) {
        Authentication.Client client = Authentication.current();
        if (client == null) {
            return Uni.createFrom().voidItem();
        }
        KeyPolicy policy = client.key().policy();
        List<Check> checks = new ArrayList<>(3);
        if (policy.requestsPerMinute() != null) {
            checks.add(Check.takeOne(REQUESTS, policy.requestsPerMinute()));
        }
        if (HttpMethod.POST.equals(request.getMethod())) {
            if (policy.tokensPerMinute() != null) {
                checks.add(Check.roomLeft(TOKENS, Window.MINUTE, policy.tokensPerMinute()));
            }
            if (policy.tokensPerDay() != null) {
                checks.add(Check.roomLeft(TOKENS_TODAY, Window.UTC_DAY, policy.tokensPerDay()));
            }
        }
        if (checks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return limits.take(owner(client.key()), checks).invoke(outcomes -> {
            outcomes.forEach(outcome -> rateLimitHeaders(client.response(), outcome));
            outcomes.stream().filter(outcome -> !outcome.fits())
                    .max(Comparator.comparing(Outcome::retryAfter))
                    .ifPresent(refused -> {
                        limits.refused("key", refused.check().name(), client.key().name());
                        throw refusal(client.key(), refused);
                    });
        }).replaceWithVoid();
    }

    /**
     * Refuses a model the current key may not use, and returns what counts the tokens the call will use (nothing
     * for a key without token limits, or when keys are not required).
     */
    public TokenMeter admit(String requestedName, WorkersAiModel model) {
        Authentication.Client client = Authentication.current();
        if (client == null) {
            return TokenMeter.NONE;
        }
        ClientKey key = client.key();
        Set<String> allowed = key.policy().models();
        if (allowed != null && allowed.stream().map(m -> catalogue.aliases().getOrDefault(m, m))
                .noneMatch(model.id()::equals)) {
            throw new ApiError(403, "invalid_request_error", "model_not_found", "model", "The key '" + key.name()
                    + "' does not have access to model '" + requestedName + "'; it may use: "
                    + allowed.stream().sorted().collect(Collectors.joining(", ")), null);
        }
        return key.policy().limitsTokens() ? tokens -> charge(key, tokens) : TokenMeter.NONE;
    }

    private void charge(ClientKey key, long tokens) {
        if (tokens <= 0) {
            return;
        }
        KeyPolicy policy = key.policy();
        List<Check> charges = new ArrayList<>(2);
        if (policy.tokensPerMinute() != null) {
            charges.add(Check.charge(TOKENS, Window.MINUTE, policy.tokensPerMinute(), tokens));
        }
        if (policy.tokensPerDay() != null) {
            charges.add(Check.charge(TOKENS_TODAY, Window.UTC_DAY, policy.tokensPerDay(), tokens));
        }
        limits.charge(owner(key), charges).subscribe().with(ignored -> {
        }, failure -> LOG.warnf("Could not count the tokens of key '%s': %s", key.name(), failure.getMessage()));
    }

    private static String owner(ClientKey key) {
        return "key:" + key.name();
    }

    private static ApiError refusal(ClientKey key, Outcome refused) {
        Check check = refused.check();
        Duration wait = refused.retryAfter();
        if (check.window() == Window.UTC_DAY) {
            return new ApiError(429, "insufficient_quota", "insufficient_quota", null, "The key '" + key.name()
                    + "' has used its daily budget of " + check.limit() + " tokens; it renews at 00:00 UTC, in "
                    + RateLimitHeaders.humane(wait) + ".", wait);
        }
        String what = check.name().equals(REQUESTS) ? "requests" : "tokens";
        return new ApiError(429, what, "rate_limit_exceeded", null, "Rate limit reached for the key '" + key.name()
                + "' on " + what + " per minute: limit " + check.limit() + ". Please try again in "
                + RateLimitHeaders.humane(wait) + ".", wait);
    }

    private static void rateLimitHeaders(HttpServerResponse response, Outcome outcome) {
        String name = outcome.check().name();
        if (!response.headWritten() && (name.equals(REQUESTS) || name.equals(TOKENS))) {
            RateLimitHeaders.put(response, name, outcome);
        }
    }

    /** Counts the tokens one model call used, once they are known. */
    @FunctionalInterface
    public interface TokenMeter {
        TokenMeter NONE = tokens -> {
        };

        /** {@code tokens}: prompt and completion together, as Workers AI reported them. */
        void charge(long tokens);
    }
}
