package dev.flaregate.models;

/**
 * What an embedding model produces and accepts.
 *
 * @param dimensions  vector size, or 0 when the catalogue does not say
 * @param maxBatch    texts Workers AI takes in one call
 * @param pooling     whether the model takes {@code pooling} ({@code mean} or {@code cls})
 */
public record EmbeddingSpec(int dimensions, int maxBatch, boolean pooling) {

    /** Workers AI's limit for the bge models and the default for others. */
    public static final int DEFAULT_MAX_BATCH = 100;
}
