package dev.flaregate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitHeadersTest {

    @ParameterizedTest(name = "{0} ms is {1}")
    @CsvSource({"0, 0ms", "250, 250ms", "1000, 1s", "1050, 1.05s", "1200, 1.2s", "59999, 59.999s",
            "59900, 59.9s", "360000, 6m0s", "3723500, 1h2m3.5s"})
    void resetsAreWrittenAsOpenAiWritesThem(long millis, String expected) {
        assertEquals(expected, RateLimitHeaders.duration(Duration.ofMillis(millis)));
    }
}
