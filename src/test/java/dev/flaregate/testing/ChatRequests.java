package dev.flaregate.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Chat request bodies and calls used across the tests. */
public final class ChatRequests {

    public static final String LLAMA = "@cf/meta/llama-3.1-8b-instruct";
    public static final String QWEN3 = "@cf/qwen/qwen3-30b-a3b-fp8";

    private ChatRequests() {
    }

    /** A body with one user message; {@code extra} is spliced in as further top-level fields. */
    public static String body(String model, String userText, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + userText + "\"}]"
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    public static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/chat/completions").then();
    }
}
