package dev.flaregate.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.flaregate.models.BuiltInModels;
import dev.flaregate.models.EmbeddingSpec;
import dev.flaregate.models.ModelFamily;
import dev.flaregate.models.WorkersAiModel;

/**
 * The models the emulated Workers AI serves: the gateway's built-in list plus real Workers AI models that list does
 * not carry, as the live catalogue always knows more than any snapshot of it.
 */
final class EmulatedCatalogue {

    static final List<WorkersAiModel> EXTRA = List.of(
            WorkersAiModel.text("@cf/microsoft/phi-2", ModelFamily.UNKNOWN, 2_048),
            WorkersAiModel.text("@cf/tinyllama/tinyllama-1.1b-chat-v1.0", ModelFamily.UNKNOWN, 2_048),
            WorkersAiModel.embedding("@cf/pfnet/plamo-embedding-1b", new EmbeddingSpec(2_048, 100, false), null));

    private EmulatedCatalogue() {
    }

    static List<WorkersAiModel> all() {
        List<WorkersAiModel> all = new ArrayList<>(BuiltInModels.ALL);
        all.addAll(EXTRA);
        return all;
    }

    static Map<String, WorkersAiModel> byId() {
        Map<String, WorkersAiModel> byId = new LinkedHashMap<>();
        all().forEach(m -> byId.put(m.id(), m));
        return byId;
    }
}
