package dev.flaregate.workersai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Decoding the error bodies Workers AI, AI Gateway and the Cloudflare edge are known to send. */
class WorkersAiErrorsTest {

    private static WorkersAiException decode(int status, String body) {
        return WorkersAiErrors.decode(status, body, name -> null);
    }

    @Test
    void envelopeErrorsGiveCodeAndMessage() {
        WorkersAiException e = decode(400, "{\"errors\":[{\"message\":\"AiError: AiError: Sequence too long: 9003 > "
                + "8192 (f660721d)\",\"code\":3030}],\"success\":false}");
        assertEquals(WorkersAiException.Kind.ERROR_RESPONSE, e.kind());
        assertEquals(400, e.httpStatus());
        assertEquals(3030, e.code());
        assertEquals("AiError: AiError: Sequence too long: 9003 > 8192 (f660721d)", e.getMessage());
    }

    @Test
    void codesSentAsStringsAndSeveralErrorsAreRead() {
        assertEquals(3040, decode(429, "{\"success\":false,\"errors\":[{\"code\":\"3040\",\"message\":\"busy\"}]}")
                .code());
        WorkersAiException routing = decode(400, "{\"success\":false,\"errors\":[{\"code\":7003,\"message\":"
                + "\"Could not route\"},{\"code\":7000,\"message\":\"No route for that URI\"}],\"result\":null}");
        assertEquals(7003, routing.code());
        assertEquals("Could not route; No route for that URI", routing.getMessage());
    }

    @Test
    void aiGatewaysOwnEnvelopeIsRead() {
        WorkersAiException e = decode(401, "{\"success\":false,\"result\":[],\"messages\":[],\"error\":[{\"code\":2009,"
                + "\"message\":\"Unauthorized\"}],\"name\":\"AiGatewayError\",\"httpCode\":401,\"internalCode\":2009,"
                + "\"message\":\"Unauthorized\"}");
        assertEquals(2009, e.code());
        assertEquals("Unauthorized", e.getMessage());
    }

    @Test
    void plainTextEdgeErrorsAndEmptyBodiesAreRead() {
        WorkersAiException edge = decode(429, "error code: 1015");
        assertEquals(1015, edge.code());
        assertEquals("error code: 1015", edge.getMessage());
        WorkersAiException empty = decode(503, "");
        assertNull(empty.code());
        assertEquals("HTTP 503 with an empty body", empty.getMessage());
    }

    @Test
    void retryAfterIsReadInMillisecondsSecondsOrAsADate() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        assertEquals(Duration.ofMillis(1500), WorkersAiErrors.retryAfter("1500", "9", now));
        assertEquals(Duration.ofSeconds(9), WorkersAiErrors.retryAfter(null, "9", now));
        assertEquals(Duration.ofSeconds(30), WorkersAiErrors.retryAfter(null, "Sat, 28 Nov 2026 10:00:30 GMT", now));
        assertNull(WorkersAiErrors.retryAfter(null, "soon", now));
        Map<String, String> headers = Map.of("retry-after", "3");
        assertEquals(Duration.ofSeconds(3), WorkersAiErrors.decode(429, "{}", headers::get).retryAfter());
    }
}
