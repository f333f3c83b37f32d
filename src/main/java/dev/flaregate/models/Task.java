package dev.flaregate.models;

/** Workers AI task names, as its catalogue spells them, and the OpenAI endpoint that serves each. */
public enum Task {
    TEXT_GENERATION("Text Generation", "/v1/chat/completions"),
    TEXT_EMBEDDINGS("Text Embeddings", "/v1/embeddings");

    private final String label;
    private final String endpoint;

    Task(String label, String endpoint) {
        this.label = label;
        this.endpoint = endpoint;
    }

    public String label() {
        return label;
    }

    public String endpoint() {
        return endpoint;
    }
}
