package dev.flaregate.models;

import static dev.flaregate.models.Capability.JSON_MODE;
import static dev.flaregate.models.Capability.REASONING;
import static dev.flaregate.models.Capability.TOOLS;
import static dev.flaregate.models.ModelFamily.CHAT_COMPLETIONS;
import static dev.flaregate.models.ModelFamily.CLASSIC;
import static dev.flaregate.models.ModelFamily.CLASSIC_VISION;
import static dev.flaregate.models.ModelFamily.CLASSIC_WIDE_PENALTY;
import static dev.flaregate.models.WorkersAiModel.embedding;
import static dev.flaregate.models.WorkersAiModel.text;

import java.util.List;

/**
 * Workers AI models and their published facts: context windows from Cloudflare's model pages (null where none is
 * published), function calling where the model's published input schema takes {@code tools}, JSON mode as
 * Cloudflare's JSON mode docs list it, batch limits from the models' input schemas. Families follow each model's
 * input schema: see {@link ModelFamily}. Workers AI's live catalogue overrides these facts where it states them
 * ({@link LiveCatalogue}); without a flag here a request is still forwarded, as Workers AI has the last word.
 * <p>
 * Prices are neurons per million input and output tokens from Cloudflare's pricing page as published 2026-07-09
 * (wire-format reference §10.3). Models the page does not list carry none, so that they count no cost rather than a
 * guessed one: llama-3.1-8b-instruct-fast is not the page's llama-3.1-8b-instruct-fp8-fast, for one.
 */
public final class BuiltInModels {

    public static final List<WorkersAiModel> ALL = List.of(
            text("@cf/meta/llama-3.1-8b-instruct", CLASSIC, 7_968, TOOLS, JSON_MODE).priced(25_608, 75_147),
            text("@cf/meta/llama-3.1-8b-instruct-fast", CLASSIC, 128_000),
            text("@cf/meta/llama-3.1-8b-instruct-fp8", CLASSIC, 32_000).priced(13_778, 26_128),
            text("@cf/meta/llama-3.1-8b-instruct-awq", CLASSIC, 8_192).priced(11_161, 24_215),
            text("@cf/meta/llama-3.2-1b-instruct", CLASSIC, 60_000).priced(2_457, 18_252),
            text("@cf/meta/llama-3.2-3b-instruct", CLASSIC, null).priced(4_625, 30_475),
            text("@cf/meta/llama-3.3-70b-instruct-fp8-fast", CLASSIC_WIDE_PENALTY, 24_000, TOOLS, JSON_MODE)
                    .priced(26_668, 204_805),
            text("@cf/meta/llama-3.2-11b-vision-instruct", CLASSIC_VISION, 128_000),
            text("@cf/meta/llama-4-scout-17b-16e-instruct", CLASSIC_VISION, 131_000, TOOLS, JSON_MODE)
                    .priced(24_545, 77_273),
            text("@cf/mistralai/mistral-small-3.1-24b-instruct", CLASSIC_VISION, 128_000, TOOLS, JSON_MODE)
                    .priced(31_876, 50_488),
            text("@cf/mistral/mistral-7b-instruct-v0.1", CLASSIC, null),
            text("@hf/nousresearch/hermes-2-pro-mistral-7b", CLASSIC, null, TOOLS, JSON_MODE),
            text("@cf/google/gemma-3-12b-it", CLASSIC_VISION, 80_000, JSON_MODE).priced(31_371, 50_560),
            text("@cf/qwen/qwen2.5-coder-32b-instruct", CLASSIC, 32_768).priced(60_000, 90_909),
            text("@cf/qwen/qwq-32b", CLASSIC, 24_000, REASONING, JSON_MODE).priced(60_000, 90_909),
            text("@cf/deepseek-ai/deepseek-r1-distill-qwen-32b", CLASSIC, 80_000, REASONING, JSON_MODE)
                    .priced(45_170, 443_756),
            text("@cf/qwen/qwen3-30b-a3b-fp8", CHAT_COMPLETIONS, null, REASONING, TOOLS, JSON_MODE)
                    .priced(4_625, 30_475),
            text("@cf/google/gemma-4-26b-a4b-it", CHAT_COMPLETIONS, null, REASONING, TOOLS, JSON_MODE)
                    .priced(9_091, 27_273),
            text("@cf/zai-org/glm-4.7-flash", CHAT_COMPLETIONS, null, REASONING, TOOLS, JSON_MODE),
            text("@cf/moonshotai/kimi-k2.5", CHAT_COMPLETIONS, null, REASONING, TOOLS, JSON_MODE),
            text("@cf/openai/gpt-oss-120b", CHAT_COMPLETIONS, 128_000, REASONING, TOOLS, JSON_MODE)
                    .priced(31_818, 68_182),
            text("@cf/openai/gpt-oss-20b", CHAT_COMPLETIONS, 128_000, REASONING, TOOLS, JSON_MODE)
                    .priced(18_182, 27_273),
            embedding("@cf/baai/bge-small-en-v1.5", new EmbeddingSpec(384, 100, true), 512).priced(1_841, 0),
            embedding("@cf/baai/bge-base-en-v1.5", new EmbeddingSpec(768, 100, true), 512).priced(6_058, 0),
            embedding("@cf/baai/bge-large-en-v1.5", new EmbeddingSpec(1024, 100, true), 512).priced(18_582, 0),
            embedding("@cf/baai/bge-m3", new EmbeddingSpec(1024, 100, false), 8_192),
            embedding("@cf/google/embeddinggemma-300m", new EmbeddingSpec(768, 100, false), null),
            embedding("@cf/qwen/qwen3-embedding-0.6b", new EmbeddingSpec(1024, 32, false), 8_192));

    private BuiltInModels() {
    }
}
