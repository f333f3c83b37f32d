package dev.flaregate.models;

/**
 * One Workers AI model as the gateway knows it.
 *
 * @param id                   the Workers AI model id, e.g. {@code @cf/meta/llama-3.1-8b-instruct}
 * @param task                 what the model does
 * @param family               request and result facts for text models; null for other tasks
 * @param contextWindow        tokens of context, or null where Cloudflare publishes none
 * @param reasoning            whether the model emits reasoning before its answer
 * @param embeddingDimensions  vector size of an embedding model, 0 for other tasks
 * @param catalogued           false for a well-formed id the catalogue does not know yet
 */
public record WorkersAiModel(String id, Task task, ModelFamily family, Integer contextWindow, boolean reasoning,
        int embeddingDimensions, boolean catalogued) {

    static WorkersAiModel text(String id, ModelFamily family, Integer contextWindow) {
        return new WorkersAiModel(id, Task.TEXT_GENERATION, family, contextWindow, false, 0, true);
    }

    static WorkersAiModel reasoningText(String id, ModelFamily family, Integer contextWindow) {
        return new WorkersAiModel(id, Task.TEXT_GENERATION, family, contextWindow, true, 0, true);
    }

    static WorkersAiModel embedding(String id, int dimensions, Integer contextWindow) {
        return new WorkersAiModel(id, Task.TEXT_EMBEDDINGS, null, contextWindow, false, dimensions, true);
    }

    /** A model new to the catalogue is assumed to generate text; Workers AI answers 5007 if it does not exist. */
    static WorkersAiModel uncatalogued(String id) {
        return new WorkersAiModel(id, Task.TEXT_GENERATION, ModelFamily.UNKNOWN, null, false, 0, false);
    }
}
