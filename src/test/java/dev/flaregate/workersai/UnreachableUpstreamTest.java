package dev.flaregate.workersai;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Workers AI out of reach: an honest 502, streamed or not, and never the token. */
@QuarkusTest
@TestProfile(UnreachableUpstreamTest.NothingListening.class)
class UnreachableUpstreamTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloudflare.account-id", "acct",
                    "cloudflare.api-token", "secret-token-never-shown",
                    "flaregate.workers-ai.url", "http://127.0.0.1:" + freePort() + "/client/v4");
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theBuiltInCatalogueServesWhenWorkersAisCannotBeLoaded() {
        when().get("/v1/models").then().statusCode(200)
                .body("data.id", hasItems("@cf/meta/llama-3.1-8b-instruct", "@cf/baai/bge-m3"));
    }

    @Test
    void aRefusedConnectionIs502UpstreamUnreachable() {
        for (String extra : new String[] {null, "\"stream\":true"}) {
            post(body(LLAMA, "hello", extra))
                    .statusCode(502)
                    .body("error.type", equalTo("api_error"))
                    .body("error.code", equalTo("upstream_unreachable"))
                    .body("error.message", containsString("Could not reach Workers AI"))
                    .body(not(containsString("secret-token-never-shown")));
        }
    }
}
