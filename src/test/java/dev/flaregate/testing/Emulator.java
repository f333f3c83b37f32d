package dev.flaregate.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.restassured.path.json.JsonPath;

/** What a test may ask the emulator it runs against: its counters and the bodies the gateway sent it. */
public final class Emulator {

    private final String baseUrl;
    private final Runnable stop;
    private final Runnable restart;

    Emulator(String baseUrl, Runnable stop, Runnable restart) {
        this.baseUrl = baseUrl;
        this.stop = stop;
        this.restart = restart;
    }

    /** Workers AI goes away: the emulator stops listening, and connections to its port are refused. */
    public void goDown() {
        stop.run();
    }

    /** Workers AI is back, on the same port. */
    public void comeBack() {
        restart.run();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public long stat(String name) {
        return given().baseUri(baseUrl).get("/__emulator/stats").then().statusCode(200).extract().jsonPath()
                .getLong(name);
    }

    /** The newest request body the emulator received whose text contains {@code marker}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> lastBodyContaining(String marker) {
        JsonPath recent = given().baseUri(baseUrl).get("/__emulator/requests").then().statusCode(200).extract()
                .jsonPath();
        List<Map<String, Object>> requests = recent.getList("requests");
        return requests.stream()
                .filter(r -> r.get("body").toString().contains(marker))
                .map(r -> (Map<String, Object>) r.get("body"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("The emulator received no request containing " + marker));
    }

    /** How many of the requests the emulator remembers contain {@code marker}: calls made, retries included. */
    public long callsContaining(String marker) {
        List<Map<String, Object>> requests = given().baseUri(baseUrl).get("/__emulator/requests").then()
                .statusCode(200).extract().jsonPath().getList("requests");
        return requests.stream().filter(r -> r.get("body").toString().contains(marker)).count();
    }

    /** Waits until a counter satisfies the condition, or fails after the timeout. */
    public long awaitStat(String name, Predicate<Long> condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long value = stat(name);
        while (!condition.test(value) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            value = stat(name);
        }
        return value;
    }
}
