package dev.flaregate.models;

import java.util.Optional;

import dev.flaregate.openai.ModelList;

/** Catalogue entries as OpenAI model objects. Pure. */
final class ModelEntries {

    private ModelEntries() {
    }

    static ModelList.Model of(String id, WorkersAiModel model, String aliasFor) {
        boolean embeds = model.task() == Task.TEXT_EMBEDDINGS;
        return new ModelList.Model(id, "model", model.created(), model.ownedBy(), model.task().label(),
                model.contextWindow(), embeds && model.embedding().dimensions() > 0 ? model.embedding().dimensions()
                        : null,
                new ModelList.Capabilities(model.has(Capability.STREAMING), model.has(Capability.TOOLS),
                        model.has(Capability.VISION), model.has(Capability.JSON_MODE),
                        model.has(Capability.REASONING)),
                aliasFor);
    }

    /** An alias shows its model's facts; one whose model the catalogue does not list shows only the mapping. */
    static ModelList.Model alias(String alias, String target, Optional<WorkersAiModel> model) {
        return model.map(m -> of(alias, m, target))
                .orElseGet(() -> new ModelList.Model(alias, "model", 0, "cloudflare", null, null, null, null, target));
    }
}
