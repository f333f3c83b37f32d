package dev.flaregate.models;

/** What a model can do beyond plain text in and out, as {@code /v1/models} reports it. */
public enum Capability {
    STREAMING,
    TOOLS,
    VISION,
    JSON_MODE,
    REASONING
}
