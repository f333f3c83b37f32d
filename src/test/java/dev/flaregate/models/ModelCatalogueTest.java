package dev.flaregate.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flaregate.error.ApiError;

class ModelCatalogueTest {

    private final ModelCatalogue catalogue = new ModelCatalogue(Map.of("gpt-4o-mini", "@cf/meta/llama-3.1-8b-instruct"));

    @ParameterizedTest
    @ValueSource(strings = {"@cf/meta/llama-3.1-8b-instruct", "@hf/thebloke/mistral-7b-instruct-v0.1-awq",
            "@cf/openai/gpt-oss-20b", "@cf/some-vendor/new_model.v2"})
    void wellFormedIdsAreAccepted(String id) {
        assertEquals(id, catalogue.resolve(id, Task.TEXT_GENERATION).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"@cf/../../accounts", "@cf/meta/..", "..", "@cf/x?y=1", "@cf/x#y", "@cf//x",
            "/@cf/x", "@cf/x/", "@cf/x%2F..", "@cf/x y", "@cf/x\ny", "@cf/x\u0000", "@@cf/x", "@cf/x\\y"})
    void idsThatCouldLeaveTheRunPathAreRefused(String id) {
        ApiError error = assertThrows(ApiError.class, () -> catalogue.resolve(id, Task.TEXT_GENERATION));
        assertEquals(400, error.status());
        assertEquals("model", error.toResponse().error().param());
        assertFalse(error.getMessage().chars().anyMatch(Character::isISOControl), "no control characters echoed");
    }

    @Test
    void catalogueEntriesCarryTheirFamily() {
        WorkersAiModel llama = catalogue.resolve("@cf/meta/llama-3.1-8b-instruct", Task.TEXT_GENERATION);
        assertTrue(llama.catalogued());
        assertEquals(ModelFamily.CLASSIC, llama.family());
        assertEquals(ResultShape.CHAT_COMPLETION, catalogue.resolve("@cf/qwen/qwen3-30b-a3b-fp8", Task.TEXT_GENERATION).family().shape());
        assertEquals(1024, catalogue.resolve("@cf/baai/bge-m3", Task.TEXT_EMBEDDINGS).embedding().dimensions());
        WorkersAiModel fresh = catalogue.resolve("@cf/vendor/released-yesterday", Task.TEXT_GENERATION);
        assertFalse(fresh.catalogued());
        assertEquals(ModelFamily.UNKNOWN, fresh.family());
        assertEquals(0, catalogue.resolve("@cf/vendor/new-embedder", Task.TEXT_EMBEDDINGS).embedding().dimensions());
    }

    @Test
    void aliasesResolveToTheirModel() {
        assertEquals("@cf/meta/llama-3.1-8b-instruct", catalogue.resolve("gpt-4o-mini", Task.TEXT_GENERATION).id());
    }

    @Test
    void aModelOfAnotherTaskIsA400ThatSaysWhereItBelongs() {
        ApiError chat = assertThrows(ApiError.class,
                () -> catalogue.resolve("@cf/baai/bge-m3", Task.TEXT_GENERATION));
        assertTrue(chat.getMessage().contains("/v1/embeddings"), chat.getMessage());
        ApiError embed = assertThrows(ApiError.class, () -> catalogue.resolve("gpt-4o-mini", Task.TEXT_EMBEDDINGS));
        assertTrue(embed.getMessage().contains("/v1/chat/completions"), embed.getMessage());
        assertEquals("model", embed.toResponse().error().param());
    }

    @Test
    void malformedAliasesStopTheStart() {
        assertEquals(Map.of("a", "@cf/x/y"), ModelCatalogue.parseAliases(List.of(" a = @cf/x/y ")));
        assertThrows(IllegalArgumentException.class, () -> ModelCatalogue.parseAliases(List.of("no-target")));
        assertThrows(IllegalArgumentException.class, () -> ModelCatalogue.parseAliases(List.of("a=@cf/../x")));
    }
}
