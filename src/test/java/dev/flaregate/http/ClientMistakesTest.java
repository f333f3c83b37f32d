package dev.flaregate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.LogCapture;
import dev.flaregate.testing.RawConnection;
import dev.flaregate.testing.RawHttp;
import dev.flaregate.testing.RawHttp.Exchange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * What a client gets wrong is its own affair: the gateway logs it at INFO at most, on one line, with no stack
 * trace, whatever the mistake and before any key is checked.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ClientMistakesTest {

    private static final String CHUNKED = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";

    @TestHTTPResource("/")
    URI base;

    private Exchange send(String request) {
        return RawHttp.exchange(base, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void mistakesAreLoggedAtInfoOnOneLine() throws Exception {
        List<String> lines;
        try (LogCapture logs = LogCapture.install()) {
            send(CHUNKED + "Connection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
            send("GET /v1/models HTTP/1.1\r\nConnection: close\r\n\r\n");
            send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: 9\r\n\r\n{\"model\":");
            send("GET /v1/models/%2e%2e/%2e%2e/q/metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            send("GARBAGE\r\n\r\n");
            hangUpMidBody("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":");
            hangUpMidBody(CHUNKED + "\r\n5\r\n{\"mod");
            Thread.sleep(500);
            lines = logs.lines();
        }
        for (String line : lines) {
            assertTrue(line.startsWith("INFO ") || line.startsWith("DEBUG ") || line.startsWith("FINE"),
                    "logged above INFO: " + line);
            assertEquals(1, line.strip().lines().count(), "more than one line: " + line);
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("could not be decoded")), String.join("\n", lines));
    }

    @Test
    void aRequestWithoutHostGetsTheEnvelope() {
        Exchange answer = send("GET /v1/models HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertEquals(400, answer.status(), answer.head());
        assertEquals("malformed_request", JsonPath.from(answer.body()).getString("error.code"), answer.body());
    }

    /** Sends part of a request and closes the connection, as a client does that dies in the middle of it. */
    private void hangUpMidBody(String partial) throws Exception {
        try (RawConnection client = RawConnection.open(base.toString())) {
            client.write(partial.getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(100);
        }
    }
}
