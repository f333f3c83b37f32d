package dev.flaregate.models;

/** Workers AI task names, as its catalogue spells them. */
public enum Task {
    TEXT_GENERATION("Text Generation"),
    TEXT_EMBEDDINGS("Text Embeddings");

    private final String label;

    Task(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
