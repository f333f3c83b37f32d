package dev.flaregate.lifecycle;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A pod with half its Cloudflare credentials is alive but never ready, so a rollout with a bad Secret stalls. */
@QuarkusTest
@TestProfile(ReadinessTest.HalfCredentials.class)
class ReadinessTest {

    public static class HalfCredentials implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloudflare.account-id", "0123456789abcdef0123456789abcdef");
        }
    }

    @Test
    void halfTheCredentialsIsNotReady() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'flaregate' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'flaregate' }.data.configuration",
                        equalTo("only one of CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN is set"));
    }

    @Test
    void butItIsAlive() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void readinessSaysWhatItServesFrom() {
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'flaregate' }.data.upstream", equalTo("emulator"))
                .body("checks.find { it.name == 'flaregate' }.data.models", greaterThan(10));
    }
}
