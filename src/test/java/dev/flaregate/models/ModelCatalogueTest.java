package dev.flaregate.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flaregate.error.ApiError;

class ModelCatalogueTest {

    private final ModelCatalogue catalogue = new ModelCatalogue();

    @ParameterizedTest
    @ValueSource(strings = {"@cf/meta/llama-3.1-8b-instruct", "@hf/thebloke/mistral-7b-instruct-v0.1-awq",
            "@cf/openai/gpt-oss-20b", "@cf/some-vendor/new_model.v2"})
    void wellFormedIdsAreAccepted(String id) {
        assertEquals(id, catalogue.resolve(id).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"@cf/../../accounts", "@cf/meta/..", "..", "@cf/x?y=1", "@cf/x#y", "@cf//x",
            "/@cf/x", "@cf/x/", "@cf/x%2F..", "@cf/x y", "@cf/x\ny", "@cf/x\u0000", "@@cf/x", "@cf/x\\y"})
    void idsThatCouldLeaveTheRunPathAreRefused(String id) {
        ApiError error = assertThrows(ApiError.class, () -> catalogue.resolve(id));
        assertEquals(400, error.status());
        assertEquals("model", error.toResponse().error().param());
        assertFalse(error.getMessage().chars().anyMatch(Character::isISOControl), "no control characters echoed");
    }

    @Test
    void catalogueEntriesCarryTheirFamily() {
        WorkersAiModel llama = catalogue.resolve("@cf/meta/llama-3.1-8b-instruct");
        assertTrue(llama.catalogued());
        assertEquals(ModelFamily.CLASSIC, llama.family());
        assertEquals(ResultShape.CHAT_COMPLETION, catalogue.resolve("@cf/qwen/qwen3-30b-a3b-fp8").family().shape());
        assertEquals(Task.TEXT_EMBEDDINGS, catalogue.resolve("@cf/baai/bge-m3").task());
        WorkersAiModel fresh = catalogue.resolve("@cf/vendor/released-yesterday");
        assertFalse(fresh.catalogued());
        assertEquals(ModelFamily.UNKNOWN, fresh.family());
    }
}
