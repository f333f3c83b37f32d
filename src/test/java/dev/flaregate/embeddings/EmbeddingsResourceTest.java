package dev.flaregate.embeddings;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** {@code POST /v1/embeddings} against the emulator, over HTTP. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class EmbeddingsResourceTest {

    private static final String BGE_BASE = "@cf/baai/bge-base-en-v1.5";

    @InjectEmulator
    Emulator emulator;

    private static ValidatableResponse embed(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/embeddings").then();
    }

    private static String request(String model, String input, String extra) {
        return "{\"model\":\"" + model + "\",\"input\":" + input + (extra == null ? "" : "," + extra) + "}";
    }

    private static float[] floats(JsonPath json, String path) {
        List<Float> values = json.getList(path, Float.class);
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i);
        }
        return vector;
    }

    /** What the OpenAI SDKs do with a base64 embedding. */
    private static float[] decode(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(vector);
        return vector;
    }

    @Test
    void aStringBecomesOneNormalizedVectorInOpenAisShape() {
        JsonPath json = embed(request(BGE_BASE, "\"The quick brown fox\"", null))
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("object", equalTo("list"))
                .body("model", equalTo(BGE_BASE))
                .body("data.size()", equalTo(1))
                .body("data[0].object", equalTo("embedding"))
                .body("data[0].index", equalTo(0))
                .extract().jsonPath();
        float[] vector = floats(json, "data[0].embedding");
        assertEquals(768, vector.length);
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
            assertTrue(v != 0 && Float.isFinite(v));
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-3);
        // The bge models report no usage: 19 characters, estimated at four a token.
        assertEquals(5, json.getInt("usage.prompt_tokens"));
        assertEquals(5, json.getInt("usage.total_tokens"));
    }

    @Test
    void base64DecodesToTheSameVectorAsFloat() {
        float[] asFloats = floats(embed(request(BGE_BASE, "\"same text\"", "\"encoding_format\":\"float\""))
                .statusCode(200).extract().jsonPath(), "data[0].embedding");
        String base64 = embed(request(BGE_BASE, "\"same text\"", "\"encoding_format\":\"base64\""))
                .statusCode(200).extract().jsonPath().getString("data[0].embedding");
        assertArrayEquals(asFloats, decode(base64));
    }

    @Test
    void theNumbersReachTheClientAsWorkersAiWroteThem() {
        String direct = given().baseUri(emulator.baseUrl())
                .header("Authorization", "Bearer " + EmulatorResource.TOKEN).contentType(ContentType.JSON)
                .body("{\"text\":[\"as written\"]}")
                .post("/client/v4/accounts/" + EmulatorResource.ACCOUNT + "/ai/run/" + BGE_BASE)
                .then().statusCode(200).extract().asString();
        String relayed = embed(request(BGE_BASE, "\"as written\"", null)).statusCode(200).extract().asString();
        String written = arrayAfter(direct, "\"data\":[[");
        assertEquals(768, written.split(",").length, written);
        assertEquals(written, arrayAfter(relayed, "\"embedding\":["));
    }

    /** The text of the array of numbers that opens with the last bracket of {@code marker}. */
    private static String arrayAfter(String json, String marker) {
        int start = json.indexOf(marker) + marker.length() - 1;
        return json.substring(start, json.indexOf(']', start) + 1);
    }

    @Test
    void aBatchOf150ComesBackAs150VectorsInInputOrder() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            texts.add("\"batch text number " + i + "\"");
        }
        JsonPath json = embed(request(BGE_BASE, texts.toString(), "\"encoding_format\":\"base64\""))
                .statusCode(200).body("data.size()", equalTo(150)).extract().jsonPath();
        for (int i = 0; i < 150; i++) {
            assertEquals(i, json.getInt("data[" + i + "].index"));
        }
        assertEquals(100, ((List<?>) emulator.lastBodyContaining("batch text number 99").get("text")).size());
        assertEquals(50, ((List<?>) emulator.lastBodyContaining("batch text number 149").get("text")).size());
        for (int i : new int[] {0, 99, 100, 149}) {
            String alone = embed(request(BGE_BASE, texts.get(i), "\"encoding_format\":\"base64\""))
                    .statusCode(200).extract().jsonPath().getString("data[0].embedding");
            assertEquals(alone, json.getString("data[" + i + "].embedding"), "vector " + i + " is text " + i + "'s");
        }
    }

    @Test
    void theSameTextAlwaysGivesTheSameVector() {
        JsonPath json = embed(request(BGE_BASE, "[\"repeat\",\"other\",\"repeat\"]", null)).statusCode(200)
                .extract().jsonPath();
        assertArrayEquals(floats(json, "data[0].embedding"), floats(json, "data[2].embedding"));
        assertFalse(Arrays.equals(floats(json, "data[0].embedding"), floats(json, "data[1].embedding")));
    }

    @Test
    void dimensionsMustBeTheModelsSize() {
        embed(request(BGE_BASE, "\"x\"", "\"dimensions\":768")).statusCode(200);
        embed(request(BGE_BASE, "\"x\"", "\"dimensions\":1536"))
                .statusCode(400)
                .body("error.param", equalTo("dimensions"))
                .body("error.message", containsString("768"));
    }

    @Test
    void anAliasServesTheModelItNamesAndKeepsItsName() {
        embed(request("text-embedding-3-small", "\"aliased\"", null))
                .statusCode(200)
                .body("model", equalTo("text-embedding-3-small"))
                .body("data[0].embedding.size()", equalTo(768));
    }

    @Test
    void poolingIsPassedToTheModelsThatTakeIt() {
        JsonPath cls = embed(request("@cf/baai/bge-small-en-v1.5", "\"pooled\"", "\"pooling\":\"cls\""))
                .statusCode(200).extract().jsonPath();
        assertEquals("cls", emulator.lastBodyContaining("pooled").get("pooling"));
        JsonPath mean = embed(request("@cf/baai/bge-small-en-v1.5", "\"pooled\"", null)).statusCode(200)
                .extract().jsonPath();
        assertEquals(384, floats(cls, "data[0].embedding").length);
        assertFalse(Arrays.equals(floats(cls, "data[0].embedding"), floats(mean, "data[0].embedding")));
        embed(request("@cf/baai/bge-m3", "\"x\"", "\"pooling\":\"cls\"")).statusCode(400)
                .body("error.param", equalTo("pooling"));
    }

    @Test
    void workersAiUsageIsUsedWhenReported() {
        // qwen3-embedding reports usage (the emulator counts one token a word) and takes 32 texts a call.
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("\"two words\"");
        }
        embed(request("@cf/qwen/qwen3-embedding-0.6b", texts.toString(), null))
                .statusCode(200)
                .body("data.size()", equalTo(40))
                .body("usage.prompt_tokens", equalTo(80));
    }

    @Test
    void oneFailedPartFailsTheRequestAndSaysWhichTexts() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            texts.add(i == 120 ? "\"busy [emulate:error=3040]\"" : "\"fine " + i + "\"");
        }
        embed(request(BGE_BASE, texts.toString(), null))
                .statusCode(429)
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.message", containsString("texts 100 to 149"));
    }

    @Test
    void wrongInputIsA400NamingTheField() {
        Map<String, String> cases = Map.of(
                "[1,2,3]", "input",
                "[[1,2],[3,4]]", "input",
                "[]", "input",
                "\"\"", "input",
                "[\"a\",5]", "input",
                "[\"a\",true]", "input[1]",
                "{\"text\":\"x\"}", "input");
        cases.forEach((input, param) -> embed(request(BGE_BASE, input, null))
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param)));
        embed("{\"model\":\"" + BGE_BASE + "\"}").statusCode(400).body("error.param", equalTo("input"));
        embed(request(BGE_BASE, "\"x\"", "\"encoding_format\":\"int8\"")).statusCode(400)
                .body("error.param", equalTo("encoding_format"));
        embed(request(BGE_BASE, "[\"x\"]", "\"user\":\"u\",\"some_extension\":true")).statusCode(200);
    }

    @Test
    void aChatModelIsRefusedWithWhereItBelongs() {
        embed(request("@cf/meta/llama-3.1-8b-instruct", "\"x\"", null))
                .statusCode(400)
                .body("error.param", equalTo("model"))
                .body("error.message", containsString("/v1/chat/completions"));
    }

    @Test
    void anUnknownModelIsWorkersAis404() {
        embed(request("@cf/baai/bge-nonexistent", "\"x\"", null))
                .statusCode(404)
                .body("error.code", equalTo("model_not_found"));
    }
}
