package dev.flaregate.models;

import java.util.EnumSet;
import java.util.Set;

/**
 * One Workers AI model as the gateway knows it.
 *
 * @param id             the Workers AI model id, e.g. {@code @cf/meta/llama-3.1-8b-instruct}
 * @param task           what the model does
 * @param family         request and result facts for text generation models; null for other tasks
 * @param embedding      what an embedding model produces; null for other tasks
 * @param contextWindow  tokens of context, or null where Cloudflare publishes none
 * @param capabilities   what it can do beyond plain text
 * @param denied         what Workers AI's catalogue says outright it cannot do: only these are refused before a
 *                       call, since Workers AI's own answer is the authority on everything else
 * @param created        when Workers AI added it, in epoch seconds
 * @param catalogued     false for a well-formed id the catalogue does not know yet
 * @param price          what Workers AI charges for it, or null where no price is known (it then counts no cost)
 */
public record WorkersAiModel(String id, Task task, ModelFamily family, EmbeddingSpec embedding,
        Integer contextWindow, Set<Capability> capabilities, Set<Capability> denied, long created, boolean catalogued,
        Price price) {

    /** The built-in list's date, used as {@code created} where Workers AI's own date is not known. */
    public static final long BUILT_IN_CREATED = 1_787_356_800L;

    public static WorkersAiModel text(String id, ModelFamily family, Integer contextWindow,
            Capability... capabilities) {
        Set<Capability> all = EnumSet.of(Capability.STREAMING, capabilities);
        if (family.contentParts() && family.shape() == ResultShape.CLASSIC) {
            all.add(Capability.VISION);
        }
        return new WorkersAiModel(id, Task.TEXT_GENERATION, family, null, contextWindow, Set.copyOf(all),
                Set.of(), BUILT_IN_CREATED, true, null);
    }

    public static WorkersAiModel embedding(String id, EmbeddingSpec spec, Integer contextWindow) {
        return new WorkersAiModel(id, Task.TEXT_EMBEDDINGS, null, spec, contextWindow, Set.of(), Set.of(),
                BUILT_IN_CREATED, true, null);
    }

    /** This model at Cloudflare's published rates, in neurons per million input and output tokens. */
    public WorkersAiModel priced(double inputNeuronsPerMillion, double outputNeuronsPerMillion) {
        return withPrice(new Price(inputNeuronsPerMillion, outputNeuronsPerMillion));
    }

    public WorkersAiModel withPrice(Price newPrice) {
        return new WorkersAiModel(id, task, family, embedding, contextWindow, capabilities, denied, created,
                catalogued, newPrice);
    }

    /** A model new to the catalogue is assumed to do what the endpoint asks; Workers AI says 5007 if it does not. */
    static WorkersAiModel uncatalogued(String id, Task task) {
        return task == Task.TEXT_GENERATION
                ? new WorkersAiModel(id, task, ModelFamily.UNKNOWN, null, null, Set.of(Capability.STREAMING),
                        Set.of(), 0, false, null)
                : new WorkersAiModel(id, task, null, new EmbeddingSpec(0, EmbeddingSpec.DEFAULT_MAX_BATCH, false),
                        null, Set.of(), Set.of(), 0, false, null);
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    public boolean denies(Capability capability) {
        return denied.contains(capability);
    }

    /** The author as OpenAI's {@code owned_by}: {@code meta} for {@code @cf/meta/...}. */
    public String ownedBy() {
        String[] segments = id.split("/");
        return segments.length > 2 ? segments[1] : "cloudflare";
    }
}
