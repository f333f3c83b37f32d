package dev.flaregate.workersai;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The Cloudflare token never appears in a response or a log line, whatever fails, even with the REST client's
 * request logging and debug logs switched on.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(TokenSecrecyTest.VerboseLogs.class)
class TokenSecrecyTest {

    private static final Path LOG = Path.of("target", "token-secrecy.log");

    public static class VerboseLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.level", "DEBUG",
                    "quarkus.log.category.\"dev.flaregate\".level", "DEBUG",
                    "quarkus.log.category.\"org.jboss.resteasy.reactive.client.logging\".level", "DEBUG",
                    "quarkus.rest-client.logging.scope", "request-response",
                    "quarkus.rest-client.logging.body-limit", "10000",
                    "flaregate.workers-ai.request-timeout", "300ms",
                    "flaregate.workers-ai.stream-idle-timeout", "300ms");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void neitherResponsesNorLogsEverShowTheToken() throws IOException {
        List<String> responses = new ArrayList<>();
        for (String scenario : new String[] {"hello", "[emulate:error=10000]", "[emulate:error=8005]",
                "[emulate:error=3040]", "[emulate:success-false=5006]", "[emulate:empty-result]",
                "[emulate:delay=2000]", "[emulate:error=1015]"}) {
            responses.add(post(body(LLAMA, "secrecy " + scenario, null)).extract().asString());
            responses.add(RawHttp.post(chat, body(LLAMA, "secrecy " + scenario, "\"stream\":true"), null).body());
        }
        responses.add(RawHttp.post(chat, body(LLAMA, "secrecy a b c d [emulate:truncate]", "\"stream\":true"),
                null).body());
        responses.add(given().contentType(ContentType.JSON)
                .body("{\"model\":\"@cf/baai/bge-small-en-v1.5\",\"input\":\"[emulate:error=8005]\"}")
                .post("/v1/embeddings").then().extract().asString());
        responses.add(given().get("/v1/models").then().extract().asString());

        responses.forEach(r -> assertFalse(r.contains(EmulatorResource.TOKEN), r));
        String log = Files.readString(LOG);
        assertTrue(log.contains("Workers AI call failed"), "the failures above were logged");
        assertTrue(log.contains("cf-ai-req-id"), "with Workers AI's own id of the failed call");
        assertFalse(log.contains(EmulatorResource.TOKEN), "the token appears in " + LOG);
    }
}
