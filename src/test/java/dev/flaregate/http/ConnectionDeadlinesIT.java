package dev.flaregate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.flaregate.testing.PackagedGateway;
import dev.flaregate.testing.RawConnection;
import dev.flaregate.testing.RawConnection.Answer;
import io.restassured.path.json.JsonPath;

/**
 * Slow and silent clients against the packaged gateway: a head that trickles in or never comes is answered with a
 * 408 and closed at its deadline, an idle keep-alive connection is closed at its own, and connections beyond the
 * cap are closed as they are accepted, while the gateway keeps answering everyone else.
 */
class ConnectionDeadlinesIT {

    private static final int MAX_OPEN = 400;

    private static PackagedGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = PackagedGateway.start("connection-deadlines", Map.of(
                "flaregate.connections.head-timeout", "1s",
                "flaregate.connections.keep-alive-timeout", "2s",
                "flaregate.connections.max-open", Integer.toString(MAX_OPEN)));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aSilentConnectionGetsA408AtItsHeadDeadline() throws Exception {
        try (RawConnection silent = RawConnection.open(gateway.baseUrl())) {
            assertTimedOutHead(silent.answer(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aHeadSentOneByteAtATimeIsCutAtItsDeadline() throws Exception {
        try (RawConnection slow = RawConnection.open(gateway.baseUrl())) {
            byte[] head = "GET /v1/models HTTP/1.1\r\nHost: gateway\r\nUser-Agent: slow\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < head.length && slow.millis() < 3000; i++) {
                if (!slow.tryWrite(new byte[] {head[i]})) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTimedOutHead(slow.answer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtItsDeadlineAndAUsedOneServes() throws Exception {
        try (RawConnection client = RawConnection.open(gateway.baseUrl())) {
            for (int i = 0; i < 3; i++) {
                client.write("GET /q/health/live HTTP/1.1\r\nHost: gateway\r\n\r\n");
                assertEquals(200, client.answer(Duration.ofSeconds(5)).status());
                // Longer than the head deadline, shorter than the keep-alive deadline: still open.
                Thread.sleep(1300);
            }
            long lastAnswer = client.millis() - 1300;
            Answer closed = client.answer(Duration.ofSeconds(5));
            assertEquals(-1, closed.status(), closed.head());
            long idle = closed.atMillis() - lastAnswer;
            assertTrue(idle >= 1800 && idle < 4000, "closed after " + idle + " ms idle");
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnceAndSilentOnesGoAtTheirDeadline() throws Exception {
        List<RawConnection> silent = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_OPEN + 100; i++) {
                silent.add(RawConnection.open(gateway.baseUrl()));
            }
            int closedAtOnce = 0;
            int timedOut = 0;
            for (RawConnection connection : silent) {
                Answer answer = connection.answer(Duration.ofSeconds(5));
                if (answer.status() == -1) {
                    closedAtOnce++;
                } else if (answer.status() == 408) {
                    timedOut++;
                }
            }
            // Some of the capped ones may be met by a slot that a timed-out one had just freed.
            assertTrue(closedAtOnce >= 90 && closedAtOnce <= 100, closedAtOnce + " closed at once");
            assertEquals(MAX_OPEN + 100, closedAtOnce + timedOut, timedOut + " timed out");
        } finally {
            for (RawConnection connection : silent) {
                connection.close();
            }
        }
        Thread.sleep(200);
        int status = gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/q/health/live"))
                .timeout(Duration.ofSeconds(2))).statusCode();
        assertEquals(200, status);
    }

    private static void assertTimedOutHead(Answer answer) {
        assertEquals(408, answer.status(), answer.head());
        assertTrue(answer.atMillis() >= 900 && answer.atMillis() < 3000, "answered after " + answer.atMillis());
        assertTrue(answer.head().toLowerCase().contains("connection: close"), answer.head());
        JsonPath error = JsonPath.from(answer.body());
        assertEquals("request_timeout", error.getString("error.code"));
        assertEquals("invalid_request_error", error.getString("error.type"));
    }
}
