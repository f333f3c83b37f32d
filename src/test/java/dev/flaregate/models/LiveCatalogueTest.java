package dev.flaregate.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.workersai.CatalogueEntry;

/** Cloudflare's catalogue entries (shape from the gpt-oss-120b model JSON in the wire-format reference). */
class LiveCatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final String ENTRIES = """
            [{"id":"f9f2250b-1048-4a52-9910-d0bf976616a1","source":1,"name":"@cf/openai/gpt-oss-120b",
              "description":"...","created_at":"2025-08-05 10:27:29.131","tags":[],
              "task":{"id":"c329a1f9-323d-4e91-b2aa-582dd4188d34","name":"Text Generation","description":"..."},
              "properties":[{"property_id":"async_queue","value":"true"},
                            {"property_id":"context_window","value":"131072"},
                            {"property_id":"price","value":[{"unit":"per M input tokens","price":0.35}]},
                            {"property_id":"function_calling","value":"true"},
                            {"property_id":"reasoning","value":"true"}]},
             {"name":"@cf/vendor/brand-new","created_at":"2026-11-01 00:00:00","task":{"name":"Text Generation"},
              "properties":[{"property_id":"context_window","value":64000},{"property_id":"function_calling","value":true}]},
             {"name":"@cf/vendor/new-embedder","task":{"name":"Text Embeddings"},
              "properties":[{"property_id":"output_dimensions","value":"1536"}]},
             {"name":"@cf/black-forest-labs/flux-1-schnell","task":{"name":"Text-to-Image"},"properties":[]},
             {"name":"@cf/../../evil","task":{"name":"Text Generation"},"properties":[]}]
            """;

    @Test
    void knownModelsKeepTheirFamilyAndTakeWorkersAisFacts() throws Exception {
        Map<String, WorkersAiModel> builtIn = Map.of("@cf/openai/gpt-oss-120b", builtIn("@cf/openai/gpt-oss-120b"));
        List<WorkersAiModel> models = LiveCatalogue.toModels(
                JSON.readValue(ENTRIES, new TypeReference<List<CatalogueEntry>>() { }), builtIn);
        assertEquals(List.of("@cf/openai/gpt-oss-120b", "@cf/vendor/brand-new", "@cf/vendor/new-embedder"),
                models.stream().map(WorkersAiModel::id).toList(), "other tasks and unsafe ids are left out");

        WorkersAiModel gptOss = models.get(0);
        assertSame(ModelFamily.CHAT_COMPLETIONS, gptOss.family());
        assertEquals(131_072, gptOss.contextWindow());
        assertEquals(1_754_389_649L, gptOss.created());
        assertEquals(31_818.18, gptOss.price().inputNeuronsPerMillion(), 0.01, "Workers AI's $0.35 in neurons");
        assertEquals(68_182, gptOss.price().outputNeuronsPerMillion(), "the rate it does not state stays built-in");

        WorkersAiModel brandNew = models.get(1);
        assertSame(ModelFamily.UNKNOWN, brandNew.family());
        assertEquals(64_000, brandNew.contextWindow(), "numbers are read as well as strings");
        assertTrue(brandNew.has(Capability.TOOLS) && brandNew.has(Capability.STREAMING));
        assertEquals(1_793_491_200L, brandNew.created());

        assertEquals(1536, models.get(2).embedding().dimensions());
        assertEquals(Task.TEXT_EMBEDDINGS, models.get(2).task());
        assertNull(brandNew.price(), "no price known: no cost counted, rather than a guess");
    }

    @Test
    void statedFlagsWinOverTheBuiltInListAndFlagsLeftOutKeepIt() throws Exception {
        Map<String, WorkersAiModel> builtIn = Map.of(
                "@cf/meta/llama-3.2-1b-instruct", builtIn("@cf/meta/llama-3.2-1b-instruct"),
                "@cf/meta/llama-4-scout-17b-16e-instruct", builtIn("@cf/meta/llama-4-scout-17b-16e-instruct"),
                "@cf/qwen/qwq-32b", builtIn("@cf/qwen/qwq-32b"));
        assertFalse(builtIn.get("@cf/meta/llama-3.2-1b-instruct").has(Capability.TOOLS), "the premise");
        List<WorkersAiModel> models = LiveCatalogue.toModels(JSON.readValue("""
                [{"name":"@cf/meta/llama-3.2-1b-instruct","task":{"name":"Text Generation"},
                  "properties":[{"property_id":"function_calling","value":"true"},
                                {"property_id":"context_window","value":"128000"}]},
                 {"name":"@cf/meta/llama-4-scout-17b-16e-instruct","task":{"name":"Text Generation"},
                  "properties":[{"property_id":"vision","value":false},
                                {"property_id":"function_calling","value":"false"}]},
                 {"name":"@cf/qwen/qwq-32b","task":{"name":"Text Generation"},"properties":[]}]
                """, new TypeReference<List<CatalogueEntry>>() { }), builtIn);

        WorkersAiModel small = models.get(0);
        assertTrue(small.has(Capability.TOOLS), "Workers AI says it calls functions: that wins");
        assertEquals(128_000, small.contextWindow());
        assertTrue(small.denied().isEmpty());

        WorkersAiModel scout = models.get(1);
        assertFalse(scout.has(Capability.VISION) || scout.has(Capability.TOOLS));
        assertTrue(scout.denies(Capability.VISION) && scout.denies(Capability.TOOLS), "stated false: denied");
        assertTrue(scout.has(Capability.JSON_MODE), "JSON mode is no catalogue property: the built-in fact stays");

        WorkersAiModel qwq = models.get(2);
        assertTrue(qwq.has(Capability.REASONING), "a flag left out keeps its built-in value");
        assertTrue(qwq.denied().isEmpty());
    }

    private static WorkersAiModel builtIn(String id) {
        return BuiltInModels.ALL.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void pricesInDollarsBecomeNeuronsAndOddRatesAreIgnored() throws Exception {
        List<CatalogueEntry> entries = JSON.readValue("""
                [{"name":"@cf/vendor/priced","task":{"name":"Text Generation"},
                  "properties":[{"property_id":"price","value":[
                    {"unit":"per M input tokens","price":0.11,"currency":"USD"},
                    {"unit":"per M cached input tokens","price":0.01,"currency":"USD"},
                    {"unit":"per M output tokens","price":"0.22","currency":"USD"}]}]},
                 {"name":"@cf/vendor/in-euros","task":{"name":"Text Generation"},
                  "properties":[{"property_id":"price",
                                 "value":[{"unit":"per M input tokens","price":1,"currency":"EUR"}]}]}]
                """, new TypeReference<List<CatalogueEntry>>() { });
        List<WorkersAiModel> models = LiveCatalogue.toModels(entries, Map.of());
        assertEquals(10_000, models.get(0).price().inputNeuronsPerMillion(), 1e-6, "$0.011 per 1,000 neurons");
        assertEquals(20_000, models.get(0).price().outputNeuronsPerMillion(), 1e-6, "numbers sent as text count");
        assertNull(models.get(1).price(), "only dollar rates are read");
    }
}
