package dev.flaregate.workersai;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every Workers AI call through an Authenticated AI Gateway (the emulator plays both). */
@QuarkusTest
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = EmulatorResource.GATEWAY,
        value = "true"))
class AiGatewayTest {

    @InjectEmulator
    Emulator emulator;

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @SuppressWarnings("unchecked")
    private Map<String, Object> seen(String marker) {
        List<Map<String, Object>> recent = given().baseUri(emulator.baseUrl()).get("/__emulator/requests").then()
                .extract().jsonPath().getList("requests");
        return recent.stream().filter(r -> r.get("body").toString().contains(marker)).findFirst().orElseThrow();
    }

    @Test
    void callsGoThroughTheGatewayWithItsTokenAndTheClientsCacheHeaders() {
        for (String expected : new String[] {"MISS", "HIT"}) {
            given().contentType(ContentType.JSON)
                    .header("cf-aig-cache-ttl", "3600")
                    .header("cf-aig-metadata", "{\"team\":\"search\"}")
                    .header("cf-aig-authorization", "Bearer client-must-not-set-this")
                    .body(body(LLAMA, "via-gateway", null))
                    .post("/v1/chat/completions").then()
                    .statusCode(200)
                    .body("choices[0].message.content", equalTo("You said: via-gateway"))
                    .header("cf-aig-cache-status", equalTo(expected))
                    .header("cf-aig-log-id", matchesPattern("[0-9A-F]{26}"));
        }
        Map<String, Object> seen = seen("via-gateway");
        assertEquals("gateway-run", seen.get("route"), "AI Gateway's /workers-ai/run/{model} form");
        assertEquals("3600", seen.get("cf-aig-cache-ttl"));
        assertEquals("{\"team\":\"search\"}", seen.get("cf-aig-metadata"));
    }

    @Test
    void streamsAndEmbeddingsGoThroughTheGatewayToo() {
        HttpResponse<String> stream = RawHttp.post(chat, body(LLAMA, "gateway-stream", "\"stream\":true"), null);
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("cf-aig-log-id").isPresent(), stream.headers().toString());
        assertTrue(stream.body().endsWith("data: [DONE]\n\n"));
        assertEquals("gateway-run", seen("gateway-stream").get("route"));

        given().contentType(ContentType.JSON)
                .body("{\"model\":\"@cf/baai/bge-small-en-v1.5\",\"input\":\"gateway-embedding\"}")
                .post("/v1/embeddings").then().statusCode(200).header("cf-aig-cache-status", equalTo("MISS"));
        assertEquals("gateway-run", seen("gateway-embedding").get("route"));
    }

    @Test
    void withoutCacheHeadersNothingIsForwardedAndTheCatalogueStaysOnTheApi() throws InterruptedException {
        given().contentType(ContentType.JSON).body(body(LLAMA, "plain-gateway", null)).post("/v1/chat/completions")
                .then().statusCode(200);
        Map<String, Object> seen = seen("plain-gateway");
        assertNull(seen.get("cf-aig-cache-ttl"));
        assertFalse(seen.keySet().stream().anyMatch(k -> k.startsWith("cf-aig-")), seen.toString());
        // The live catalogue is read from the Cloudflare API (the emulated one), not through AI Gateway, which does
        // not serve it: only the live catalogue lists phi-2.
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++) {
            status = given().get("/v1/models/@cf/microsoft/phi-2").then().extract().statusCode();
            Thread.sleep(status == 200 ? 0 : 100);
        }
        assertEquals(200, status);
    }
}
