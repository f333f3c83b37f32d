package dev.flaregate.models;

/** How a text model's {@code /ai/run} result is shaped. */
public enum ResultShape {
    /** {@code {response, tool_calls, usage}}: llama, mistral, qwq and the other classic models. */
    CLASSIC,
    /** An OpenAI {@code chat.completion} object: qwen3, gemma-4, glm, kimi and newer models. */
    CHAT_COMPLETION
}
