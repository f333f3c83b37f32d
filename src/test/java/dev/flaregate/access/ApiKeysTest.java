package dev.flaregate.access;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Gateway API keys, from the list and from a mounted file: a missing or wrong key is OpenAI's 401, the three
 * headers clients send a key in all work, health and metrics stay open, and no key ever reaches a log or an answer.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(ApiKeysTest.Keys.class)
class ApiKeysTest {

    static final String ALICE = "alice-7c0d2b9e4f1a8c3d5e6f";
    static final String BOB = "bob-91e4a7c2d8f0b3e5a6c1";
    static final String CAROL_FROM_FILE = "carol-3b8f1d6a9c2e7f4b0d5a";
    static final String WRONG = "wrong-e5a1c9f3b7d2a8e4c6f0";

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path file = Path.of("target", "api-keys-test.keys");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, "# mounted from a Secret\n\ncarol:" + CAROL_FROM_FILE + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("flaregate.api-keys", "alice:" + ALICE + ",bob:" + BOB,
                    "flaregate.api-keys-file", file.toString(),
                    "quarkus.log.category.\"dev.flaregate\".level", "DEBUG",
                    "quarkus.http.access-log.enabled", "true");
        }
    }

    @TestHTTPResource("/")
    URI base;

    private static ValidatableResponse chat(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(body(LLAMA, "hello", null))
                .post("/v1/chat/completions").then();
    }

    private static void assertInvalidKey(ValidatableResponse response, String message) {
        response.statusCode(401)
                .contentType(ContentType.JSON)
                .header("x-should-retry", "false")
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.param", nullValue())
                .body("error.message", containsString(message));
    }

    @Test
    void aRequestWithoutAKeyIsRefusedWithOpenAis401() {
        assertInvalidKey(chat(given()), "You didn't provide an API key");
        assertInvalidKey(given().get("/v1/models").then(), "You didn't provide an API key");
        assertInvalidKey(chat(given().header("Authorization", "Bearer ")), "You didn't provide an API key");
        assertInvalidKey(chat(given().header("Authorization", "Basic " + ALICE)), "You didn't provide an API key");
    }

    @Test
    void aWrongKeyIsRefusedWithoutBeingRepeated() {
        assertInvalidKey(chat(given().header("Authorization", "Bearer " + WRONG)), "Incorrect API key provided");
        chat(given().header("Authorization", "Bearer " + WRONG)).body(not(containsString(WRONG)));
        assertInvalidKey(chat(given().header("x-api-key", ALICE + "x")), "Incorrect API key provided");
        assertInvalidKey(chat(given().header("Authorization", "Bearer " + ALICE.substring(0, 20))),
                "Incorrect API key provided");
    }

    @Test
    void aKeyIsAcceptedInEachHeaderClientsSendItIn() {
        chat(given().header("Authorization", "Bearer " + ALICE)).statusCode(200);
        chat(given().header("Authorization", "bearer " + BOB)).statusCode(200);
        chat(given().header("api-key", ALICE)).statusCode(200);
        chat(given().header("x-api-key", BOB)).statusCode(200);
        given().header("Authorization", "Bearer " + ALICE).get("/v1/models").then().statusCode(200);
    }

    @Test
    void keysFromTheMountedFileWork() {
        chat(given().header("Authorization", "Bearer " + CAROL_FROM_FILE)).statusCode(200);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void aPathThatOnlyLooksLikeHealthIsNotServed() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create(base + "q/../v1/models")).build(),
                        HttpResponse.BodyHandlers.ofString());
        // Refused for its dot segment before any key is asked for (http/PathSegments).
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("invalid_path"), response.body());
    }

    @Test
    void noKeyRightOrWrongAppearsInTheLogs() {
        List<String> lines;
        try (LogCapture logs = LogCapture.install()) {
            chat(given().header("Authorization", "Bearer " + WRONG)).statusCode(401);
            chat(given().header("x-api-key", WRONG)).statusCode(401);
            chat(given().header("Authorization", "Bearer " + ALICE)).statusCode(200);
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ALICE)
                    .body(body(LLAMA, "[emulate:error=8005]", null)).post("/v1/chat/completions").then()
                    .statusCode(502);
            lines = logs.lines();
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("path=/v1/chat/completions status=200")
                && l.contains("key=alice")), "the requests were logged, with the key's name: " + lines);
        for (String secret : List.of(WRONG, ALICE, CAROL_FROM_FILE)) {
            assertFalse(lines.stream().anyMatch(l -> l.contains(secret)), "a key appears in the logs: " + lines);
        }
    }
}
