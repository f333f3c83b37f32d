package dev.flaregate.lifecycle;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness means configured to serve; it does not follow the fate of single Workers AI calls. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class HealthTest {

    @Test
    void readyWithCredentialsAndStillReadyAfterUpstreamFailures() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'flaregate' }.data.upstream", equalTo("workers-ai"));
        for (int i = 0; i < 3; i++) {
            post(body(LLAMA, "fail " + i + " [emulate:error=5016]", null)).statusCode(403);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
