package dev.flaregate.models;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /v1/models}: the catalogue, loaded from the emulated Workers AI, and the aliases. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ModelsResourceTest {

    @InjectEmulator
    Emulator emulator;

    @Test
    void listsChatAndEmbeddingModelsAndAliasesInOpenAisShape() {
        JsonPath list = when().get("/v1/models").then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("@cf/meta/llama-3.1-8b-instruct", "@cf/baai/bge-base-en-v1.5",
                        "gpt-4o-mini", "text-embedding-3-small"))
                .extract().jsonPath();
        List<Map<String, Object>> data = list.getList("data");
        for (Map<String, Object> model : data) {
            assertEquals("model", model.get("object"));
            assertTrue(model.get("id") instanceof String && model.get("owned_by") instanceof String, model.toString());
            assertTrue(((Number) model.get("created")).longValue() > 0, model.toString());
        }
        Map<String, Object> llama = entry(data, "@cf/meta/llama-3.1-8b-instruct");
        assertEquals("meta", llama.get("owned_by"));
        assertEquals("Text Generation", llama.get("task"));
        assertEquals(7968, llama.get("context_window"));
        assertEquals(Map.of("streaming", true, "tools", true, "vision", false, "json_mode", true,
                "reasoning", false), llama.get("capabilities"));
        Map<String, Object> bge = entry(data, "@cf/baai/bge-base-en-v1.5");
        assertEquals(768, bge.get("embedding_dimensions"));
        assertEquals("Text Embeddings", bge.get("task"));
        Map<String, Object> alias = entry(data, "gpt-4o-mini");
        assertEquals("@cf/meta/llama-4-scout-17b-16e-instruct", alias.get("alias_for"));
        assertEquals("Text Generation", alias.get("task"));
    }

    @Test
    void slashIdsWorkRawAndEncoded() {
        for (String path : new String[] {"/v1/models/@cf/meta/llama-3.1-8b-instruct",
                "/v1/models/%40cf%2Fmeta%2Fllama-3.1-8b-instruct"}) {
            given().urlEncodingEnabled(false).get(path).then()
                    .statusCode(200)
                    .body("id", equalTo("@cf/meta/llama-3.1-8b-instruct"))
                    .body("object", equalTo("model"))
                    .body("owned_by", equalTo("meta"));
        }
        when().get("/v1/models/text-embedding-3-large").then().statusCode(200)
                .body("alias_for", equalTo("@cf/baai/bge-large-en-v1.5"))
                .body("embedding_dimensions", equalTo(1024));
        when().get("/v1/models/@cf/qwen/qwen3-30b-a3b-fp8").then().statusCode(200)
                .body("capabilities.reasoning", equalTo(true))
                .body("alias_for", nullValue());
    }

    @Test
    void unknownIdsAre404ModelNotFound() {
        when().get("/v1/models/@cf/meta/llama-9").then()
                .statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.param", equalTo("model"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void theCatalogueIsLoadedFromWorkersAi() throws InterruptedException {
        // The emulated Workers AI knows models the built-in list does not, like its live catalogue would.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<String> ids = List.of();
        while (Instant.now().isBefore(deadline)) {
            ids = when().get("/v1/models").then().statusCode(200).extract().jsonPath().getList("data.id");
            if (ids.contains("@cf/microsoft/phi-2")) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(ids.contains("@cf/microsoft/phi-2"), ids.toString());
        int served = given().baseUri(emulator.baseUrl()).header("Authorization", "Bearer " + EmulatorResource.TOKEN)
                .get("/client/v4/accounts/" + EmulatorResource.ACCOUNT + "/ai/models/search").then().statusCode(200)
                .extract().jsonPath().getInt("result_info.total_count");
        assertTrue(served > 20, "the emulator's catalogue spans several pages of 20");
        assertEquals(served + 7, ids.size(), "every page was read: all models, plus the 7 default aliases");
        when().get("/v1/models/@cf/pfnet/plamo-embedding-1b").then().statusCode(200)
                .body("task", equalTo("Text Embeddings"))
                .body("embedding_dimensions", equalTo(2048));
    }

    private static Map<String, Object> entry(List<Map<String, Object>> data, String id) {
        return data.stream().filter(m -> id.equals(m.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not listed"));
    }
}
