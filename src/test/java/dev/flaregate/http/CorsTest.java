package dev.flaregate.http;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * CORS switched on for one origin, on a gateway that requires keys: that origin's preflight (which carries no key,
 * by design) is allowed, another origin's is not, and the page's real requests still need a key.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(CorsTest.OneOrigin.class)
class CorsTest {

    private static final String ORIGIN = "https://chat.example.com";
    private static final String KEY = "browser-2f7a9c4e1b8d3f6a0c5e";

    public static class OneOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true",
                    "quarkus.http.cors.origins", ORIGIN,
                    "flaregate.api-keys", "browser:" + KEY);
        }
    }

    private static RequestSpecification preflight(String origin) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type");
    }

    @Test
    void theConfiguredOriginsPreflightIsAllowed() {
        preflight(ORIGIN).options("/v1/chat/completions").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("authorization"));
    }

    @Test
    void anotherOriginsPreflightIsNot() {
        preflight("https://elsewhere.example.net").options("/v1/chat/completions").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void thePagesRequestsStillNeedAKey() {
        given().header("Origin", ORIGIN).header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON)
                .body(body(LLAMA, "from a page", null)).post("/v1/chat/completions").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN);
        given().header("Origin", ORIGIN).contentType(ContentType.JSON)
                .body(body(LLAMA, "from a page, no key", null)).post("/v1/chat/completions").then()
                .statusCode(401)
                .body("error.code", equalTo("invalid_api_key"))
                // so that the page can read why
                .header("Access-Control-Allow-Origin", ORIGIN);
    }
}
