package dev.flaregate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import dev.flaregate.testing.RawHttp.Exchange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpServerOptions;

/**
 * The plain port over a raw socket: HTTP/1.1 only, whatever a client (or a proxy passing its headers on) asks for,
 * and what Vert.x and Quarkus answer, before any route, to requests they cannot parse (docs/hardening.md).
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class PlainPortTest {

    /** The client's connection preface of RFC 9113, then an empty SETTINGS frame. */
    private static final byte[] PRIOR_KNOWLEDGE = concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(
            StandardCharsets.US_ASCII), new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

    @TestHTTPResource("/")
    URI base;

    private Exchange send(String request) {
        return RawHttp.exchange(base, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void anUpgradeToH2cIsIgnoredAndAnsweredInHttp11() {
        Exchange answer = send("GET /v1/models HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        assertTrue(answer.head().startsWith("HTTP/1.1 200 "), answer.head());
        assertFalse(answer.head().toLowerCase().contains("upgrade"), answer.head());
    }

    @Test
    void aPriorKnowledgePrefaceIsNotServedAsHttp2() {
        Exchange answer = RawHttp.exchange(base, PRIOR_KNOWLEDGE);
        // An HTTP/2 server would answer with its own SETTINGS frame, whose fourth byte is the frame type 4.
        assertTrue(answer.bytes().length == 0 || answer.head().startsWith("HTTP/"), answer.head());
        assertFalse(answer.status() == 101 || answer.status() == 200, answer.head());
    }

    @Test
    void h2cStaysOnWhenConfigured() {
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true);
        new PlainPortProtocols(() -> true).customizeHttpServer(options);
        assertTrue(options.isHttp2ClearTextEnabled());
        new PlainPortProtocols(() -> false).customizeHttpServer(options);
        assertFalse(options.isHttp2ClearTextEnabled());
    }

    /** Pinned: Vert.x answers these itself, before any handler of Quarkus' or ours, with no body. */
    @Test
    void unparseableRequestsGetAnEmptyAnswerAndAClosedConnection() {
        assertEmptyAndClosed(send("GARBAGE\r\n\r\n"), 400);
        assertEmptyAndClosed(send("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414);
        assertEmptyAndClosed(send("GET /v1/models HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(30_000)
                + "\r\n\r\n"), 431);
        assertEmptyAndClosed(send("GET /v1/models HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n"), 400);
    }

    /** Pinned: Quarkus refuses a URL that java.net.URI cannot parse before its router, and keeps the connection. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1/models/%zz", "/v1/models/%", "/v1/models?a=%zz", "/v1/models/..\\..\\q\\metrics"})
    void anUnparseableUrlGetsAnEmptyBadRequest(String target) {
        Exchange answer = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(400, answer.status(), answer.head());
        assertEquals("", answer.body());
        assertFalse(answer.closed());
    }

    private static void assertEmptyAndClosed(Exchange answer, int status) {
        assertEquals(status, answer.status(), answer.head());
        assertEquals("", answer.body(), answer.head());
        assertTrue(answer.head().toLowerCase().contains("content-length: 0"), answer.head());
        assertTrue(answer.closed(), "the connection stayed open after a " + status);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
