package dev.flaregate.chat;

import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static dev.flaregate.testing.DisagreeingUpstreamResource.ABLE;
import static dev.flaregate.testing.DisagreeingUpstreamResource.CALLS_TOOLS;
import static dev.flaregate.testing.DisagreeingUpstreamResource.DENIED;
import static dev.flaregate.testing.DisagreeingUpstreamResource.REFUSES;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flaregate.testing.DisagreeingUpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Workers AI's catalogue and Workers AI's refusals decide what a model can do, not the built-in list. */
@QuarkusTest
@WithTestResource(DisagreeingUpstreamResource.class)
class CatalogueFactsTest {

    private static final String TOOL = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]";

    /** The catalogue loads in the background after startup, and lists none of the built-in list's other models. */
    @BeforeEach
    void catalogueLoaded() throws InterruptedException {
        for (int i = 0; i < 100 && !loaded(); i++) {
            Thread.sleep(100);
        }
        assertTrue(loaded(), "the gateway loaded the disagreeing catalogue");
    }

    private static boolean loaded() {
        return !given().get("/v1/models").then().extract().jsonPath().getList("data.id")
                .contains("@cf/qwen/qwen3-30b-a3b-fp8");
    }

    @Test
    void aModelTheCatalogueSaysCallsFunctionsGetsItsTools() {
        given().urlEncodingEnabled(false).get("/v1/models/" + CALLS_TOOLS).then().statusCode(200)
                .body("capabilities.tools", equalTo(true));
        post(body(CALLS_TOOLS, "call it", TOOL)).statusCode(200)
                .body("choices[0].finish_reason", equalTo("tool_calls"))
                .body("choices[0].message.tool_calls[0].function.name", equalTo("lookup"));
    }

    @Test
    void workersAisRefusalOfToolsIsA400NamingTools() {
        for (String stream : new String[] {"", ",\"stream\":true"}) {
            post(body(REFUSES, "call it", TOOL + stream)).statusCode(400)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.param", equalTo("tools"))
                    .body("error.code", equalTo("workers_ai_5006"))
                    .body("error.message", containsString("'/tools' at '/' not allowed"))
                    .body("error.message", containsString("models that can call tools include " + CALLS_TOOLS
                            + ", " + ABLE));
        }
        post(body(REFUSES, "json please", "\"response_format\":{\"type\":\"json_object\"}")).statusCode(400)
                .body("error.param", equalTo("response_format"))
                .body("error.message", containsString("'/response_format' at '/' not allowed"));
    }

    @Test
    void onlyWhatTheCatalogueDeniesIsRefusedBeforeTheCall() {
        post(body(DENIED, "call it", TOOL)).statusCode(400)
                .body("error.param", equalTo("tools"))
                .body("error.message", containsString("Workers AI's catalogue says so"))
                .body("error.message", containsString(CALLS_TOOLS));
        // Without tools the same model goes to Workers AI, which does not have it here.
        post(body(DENIED, "plain", null)).statusCode(404);
    }
}
