package dev.flaregate.metrics;

/**
 * The generative AI operations the gateway serves, named as OpenTelemetry's {@code gen_ai.operation.name} names
 * them, with the OpenAI endpoint of each. Workers AI calls are {@link #CHAT} or {@link #EMBEDDINGS}: a legacy
 * completion reaches Workers AI as a chat.
 */
public enum Operation {
    CHAT("chat", "/v1/chat/completions"),
    TEXT_COMPLETION("text_completion", "/v1/completions"),
    EMBEDDINGS("embeddings", "/v1/embeddings");

    private final String otelName;
    private final String endpoint;

    Operation(String otelName, String endpoint) {
        this.otelName = otelName;
        this.endpoint = endpoint;
    }

    public String otelName() {
        return otelName;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The operation a request path asks for, or null for the other paths. */
    static Operation ofPath(String path) {
        for (Operation operation : values()) {
            if (operation.endpoint.equals(path)) {
                return operation;
            }
        }
        return null;
    }
}
