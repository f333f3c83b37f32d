package dev.flaregate.limits;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.flaregate.error.ApiError;
import dev.flaregate.models.Task;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Spreads Cloudflare's per-model rate limit over the gateway's clients: each Workers AI call takes a place in its
 * model's budget first (shared by all replicas when Redis is configured). A call that finds the budget used up
 * waits for room, without holding a thread, when room comes within the longest wait; otherwise it is refused at
 * once with a 429 that says the gateway refused it, not Workers AI.
 */
@ApplicationScoped
public class UpstreamBudget {

    /** Cloudflare's published per-model exceptions to the task defaults (Workers AI limits page). */
    static final Map<String, Long> PUBLISHED = Map.of(
            "@hf/thebloke/mistral-7b-instruct-v0.1-awq", 400L,
            "@cf/microsoft/phi-2", 720L,
            "@cf/qwen/qwen1.5-0.5b-chat", 1500L,
            "@cf/qwen/qwen1.5-1.8b-chat", 720L,
            "@cf/qwen/qwen1.5-14b-chat-awq", 150L,
            "@cf/tinyllama/tinyllama-1.1b-chat-v1.0", 720L,
            "@cf/baai/bge-large-en-v1.5", 1500L);

    /** The place of a call that no budget holds back. */
    public static final Uni<Void> NO_CEILING = Uni.createFrom().voidItem();

    private final Limits limits;
    private final UpstreamBudgetConfig config;
    private final Map<String, Long> perModel;
    private final Vertx vertx;

    UpstreamBudget(Limits limits, UpstreamBudgetConfig config, Vertx vertx) {
        this.limits = limits;
        this.config = config;
        this.vertx = vertx;
        this.perModel = new HashMap<>(PUBLISHED);
        this.perModel.putAll(parse(config.models().orElse(List.of())));
    }

    /** Calls a minute allowed to {@code model}; 0 for no ceiling. */
    public long ceiling(String model, Task task) {
        if (!config.enabled()) {
            return 0;
        }
        return perModel.getOrDefault(model, task == Task.TEXT_EMBEDDINGS ? config.textEmbeddings()
                : config.textGeneration());
    }

    /**
     * A place in {@code model}'s budget, taken anew on each subscription (one per attempt of a call): completes
     * when the attempt may go to Workers AI, fails with a 429 when no room comes in time.
     */
    public Uni<Void> place(String model, Task task) {
        long ceiling = ceiling(model, task);
        if (ceiling <= 0) {
            return NO_CEILING;
        }
        return Uni.createFrom().deferred(() -> attempt(model, ceiling, System.nanoTime() + config.maxWait().toNanos()));
    }

    private Uni<Void> attempt(String model, long ceiling, long deadlineNanos) {
        List<Check> oneCall = List.of(Check.takeOneInAnyMinute("requests", ceiling));
        return limits.take("model:" + model, oneCall).flatMap(outcomes -> {
            Outcome outcome = outcomes.get(0);
            if (outcome.fits()) {
                return Uni.createFrom().voidItem();
            }
            Duration wait = outcome.retryAfter();
            if (System.nanoTime() + wait.toNanos() - deadlineNanos <= 0) {
                return pause(wait).flatMap(ignored -> attempt(model, ceiling, deadlineNanos));
            }
            limits.refused("model", "requests", null);
            return Uni.createFrom().failure(new ApiError(429, "requests", "rate_limit_exceeded", null,
                    "The gateway's upstream budget for " + model + " (" + ceiling + " Workers AI calls a minute, "
                            + "shared by all clients of this gateway) is used up; retry in "
                            + ApiError.retrySeconds(wait) + " s",
                    wait));
        });
    }

    /** A pause on a Vert.x timer that resumes on the caller's context, so the request's context carries on. */
    private Uni<Void> pause(Duration wait) {
        return Uni.createFrom().emitter(emitter -> {
            Context caller = Vertx.currentContext();
            long timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
                if (caller == null) {
                    emitter.complete(null);
                } else {
                    caller.runOnContext(ignored -> emitter.complete(null));
                }
            });
            emitter.onTermination(() -> vertx.cancelTimer(timer));
        });
    }

    static Map<String, Long> parse(List<String> entries) {
        Map<String, Long> parsed = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            String model = eq < 0 ? "" : entry.substring(0, eq).strip();
            long calls;
            try {
                calls = eq < 0 ? -1 : Long.parseLong(entry.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                calls = -1;
            }
            if (model.isEmpty() || calls < 0) {
                throw new IllegalArgumentException("flaregate.upstream-budget.models: '" + entry
                        + "' is not of the form @cf/vendor/model=calls-per-minute");
            }
            parsed.put(model, calls);
        }
        return parsed;
    }
}
