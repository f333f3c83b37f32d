package dev.flaregate.images;

import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Remote image URLs, when the operator turns fetching on: the gateway fetches them, within a size and a time
 * limit, never from private addresses, and sends Workers AI the data: URL it takes. The image host here is on
 * loopback, which the test profile alone allows.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(RemoteImagesTest.FetchingOn.class)
class RemoteImagesTest {

    public static class FetchingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.images.remote-fetch", "true",
                    "flaregate.images.allow-loopback", "true",
                    "flaregate.images.max-size", "1K",
                    "flaregate.images.fetch-timeout", "1s",
                    "flaregate.images.max-redirects", "2");
        }
    }

    private static final String SCOUT = "@cf/meta/llama-4-scout-17b-16e-instruct";
    /** A PNG's signature and header chunk: enough bytes to tell a faithful copy from a mangled one. */
    private static final byte[] PNG = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ");
    private static final AtomicInteger FETCHES = new AtomicInteger();

    private static Vertx vertx;
    private static String images;

    @InjectEmulator
    Emulator emulator;

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @BeforeAll
    static void startImageHost() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            FETCHES.incrementAndGet();
            HttpServerResponse response = request.response();
            switch (request.path()) {
                case "/cat.png" -> response.putHeader("Content-Type", "image/png; charset=binary")
                        .end(Buffer.buffer(PNG));
                case "/moved" -> response.setStatusCode(302).putHeader("Location", "/cat.png").end();
                case "/loop" -> response.setStatusCode(301).putHeader("Location", "/loop").end();
                case "/to-metadata" -> response.setStatusCode(302)
                        .putHeader("Location", "http://169.254.169.254/latest/meta-data/").end();
                case "/big.png" -> response.putHeader("Content-Type", "image/png").end(Buffer.buffer(new byte[2048]));
                case "/endless.png" -> {
                    // Chunked, with no length to check first: the fetcher must count as the bytes arrive.
                    response.setChunked(true).putHeader("Content-Type", "image/png");
                    vertx.setPeriodic(5, id -> {
                        if (response.closed()) {
                            vertx.cancelTimer(id);
                        } else {
                            response.write(Buffer.buffer(new byte[256]));
                        }
                    });
                }
                case "/silent.png" -> {
                    // Never answers: the time limit must end the fetch.
                }
                case "/page.html" -> response.putHeader("Content-Type", "text/html").end("<html></html>");
                case "/logo.svg" -> response.putHeader("Content-Type", "image/svg+xml").end("<svg/>");
                default -> response.setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        images = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stopImageHost() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aRemoteImageReachesWorkersAiAsADataUrl() {
        post(withImage(images + "/cat.png", "describe-remote-cat"))
                .statusCode(200)
                .body("choices[0].message.role", equalTo("assistant"));
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG),
                imageSentFor("describe-remote-cat", 1));
    }

    @Test
    void redirectsAreFollowedAndDataUrlsLeftAlone() {
        String body = "{\"model\":\"" + SCOUT + "\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"two-images\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/gif;base64,R0lGOA==\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + images + "/moved\"}}]}]}";
        post(body).statusCode(200);
        assertEquals("data:image/gif;base64,R0lGOA==", imageSentFor("two-images", 1));
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG),
                imageSentFor("two-images", 2));
    }

    @Test
    void aStreamedRequestGetsTheImageToo() {
        HttpResponse<String> response = RawHttp.post(chat, streamed(withImage(images + "/cat.png",
                "stream-remote-cat")), null);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
        assertTrue(imageSentFor("stream-remote-cat", 1).startsWith("data:image/png;base64,"));
    }

    @Test
    void aFailedFetchOfAStreamedRequestIsA400BeforeAnyEvent() {
        HttpResponse<String> response = RawHttp.post(chat, streamed(withImage(images + "/page.html",
                "stream-html")), null);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"error\":"), response.body());
        assertTrue(response.body().contains("\"code\":\"invalid_image_url\""), response.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /missing.png     | answered HTTP 404
            /page.html       | not a raster image (Content-Type 'text/html')
            /logo.svg        | not a raster image (Content-Type 'image/svg+xml')
            /big.png         | larger than 1024 bytes
            /endless.png     | larger than 1024 bytes
            /silent.png      | took longer than 1000 ms
            /loop            | redirects more than 2 times
            /to-metadata     | private, loopback or reserved address
            """)
    void aFetchThatCannotSucceedIsA400NamingTheField(String path, String reason) {
        long started = System.nanoTime();
        post(withImage(images + path, "refused"))
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_image_url"))
                .body("error.param", equalTo("messages[0].content[1].image_url.url"))
                .body("error.message", containsString(reason));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5000, "the fetch was not cut off");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http://10.0.0.1/cat.png",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00::1]/cat.png",
            "http://[::ffff:192.168.0.1]/cat.png",
            "http://0.0.0.0/cat.png"})
    void privateAddressesAreNeverContacted(String url) {
        int fetchesBefore = FETCHES.get();
        post(withImage(url, "private"))
                .statusCode(400)
                .body("error.code", equalTo("invalid_image_url"))
                .body("error.message", containsString("private, loopback or reserved address"));
        assertEquals(fetchesBefore, FETCHES.get());
        assertEquals(0, emulator.callsContaining("private"));
    }

    /** The URL Workers AI received in content part {@code part} of the request containing {@code marker}. */
    private String imageSentFor(String marker, int part) {
        List<?> messages = (List<?>) emulator.lastBodyContaining(marker).get("messages");
        List<?> parts = (List<?>) ((Map<?, ?>) messages.get(0)).get("content");
        return (String) ((Map<?, ?>) ((Map<?, ?>) parts.get(part)).get("image_url")).get("url");
    }

    private static String streamed(String body) {
        return body.substring(0, body.length() - 1) + ",\"stream\":true}";
    }

    private static String withImage(String url, String text) {
        return "{\"model\":\"" + SCOUT + "\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"" + text + "\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]}";
    }
}
