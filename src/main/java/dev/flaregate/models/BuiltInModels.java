package dev.flaregate.models;

import static dev.flaregate.models.ModelFamily.CHAT_COMPLETIONS;
import static dev.flaregate.models.ModelFamily.CLASSIC;
import static dev.flaregate.models.ModelFamily.CLASSIC_VISION;
import static dev.flaregate.models.ModelFamily.CLASSIC_WIDE_PENALTY;
import static dev.flaregate.models.WorkersAiModel.embedding;
import static dev.flaregate.models.WorkersAiModel.reasoningText;
import static dev.flaregate.models.WorkersAiModel.text;

import java.util.List;

/**
 * Workers AI models and their published facts (context windows from Cloudflare's model pages; null where none is
 * published). Families follow each model's input schema: see {@link ModelFamily}.
 */
final class BuiltInModels {

    static final List<WorkersAiModel> ALL = List.of(
            text("@cf/meta/llama-3.1-8b-instruct", CLASSIC, 7_968),
            text("@cf/meta/llama-3.1-8b-instruct-fast", CLASSIC, 128_000),
            text("@cf/meta/llama-3.1-8b-instruct-fp8", CLASSIC, 32_000),
            text("@cf/meta/llama-3.1-8b-instruct-awq", CLASSIC, 8_192),
            text("@cf/meta/llama-3.2-1b-instruct", CLASSIC, 60_000),
            text("@cf/meta/llama-3.2-3b-instruct", CLASSIC, null),
            text("@cf/meta/llama-3.3-70b-instruct-fp8-fast", CLASSIC_WIDE_PENALTY, 24_000),
            text("@cf/meta/llama-3.2-11b-vision-instruct", CLASSIC_VISION, 128_000),
            text("@cf/meta/llama-4-scout-17b-16e-instruct", CLASSIC_VISION, 131_000),
            text("@cf/mistralai/mistral-small-3.1-24b-instruct", CLASSIC_VISION, 128_000),
            text("@cf/mistral/mistral-7b-instruct-v0.1", CLASSIC, null),
            text("@cf/google/gemma-3-12b-it", CLASSIC_VISION, 80_000),
            text("@cf/qwen/qwen2.5-coder-32b-instruct", CLASSIC, 32_768),
            reasoningText("@cf/qwen/qwq-32b", CLASSIC, 24_000),
            reasoningText("@cf/deepseek-ai/deepseek-r1-distill-qwen-32b", CLASSIC, 80_000),
            reasoningText("@cf/qwen/qwen3-30b-a3b-fp8", CHAT_COMPLETIONS, null),
            reasoningText("@cf/google/gemma-4-26b-a4b-it", CHAT_COMPLETIONS, null),
            reasoningText("@cf/zai-org/glm-4.7-flash", CHAT_COMPLETIONS, null),
            reasoningText("@cf/moonshotai/kimi-k2.5", CHAT_COMPLETIONS, null),
            reasoningText("@cf/openai/gpt-oss-120b", CHAT_COMPLETIONS, 128_000),
            reasoningText("@cf/openai/gpt-oss-20b", CHAT_COMPLETIONS, 128_000),
            embedding("@cf/baai/bge-small-en-v1.5", 384, 512),
            embedding("@cf/baai/bge-base-en-v1.5", 768, 512),
            embedding("@cf/baai/bge-large-en-v1.5", 1024, 512),
            embedding("@cf/baai/bge-m3", 1024, 8_192),
            embedding("@cf/google/embeddinggemma-300m", 768, null),
            embedding("@cf/qwen/qwen3-embedding-0.6b", 1024, 8_192));

    private BuiltInModels() {
    }
}
