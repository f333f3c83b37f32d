package dev.flaregate.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.flaregate.openai.ErrorResponse;
import dev.flaregate.workersai.WorkersAiException;
import dev.flaregate.workersai.WorkersAiException.Kind;

/** The table from Workers AI failures to OpenAI errors, covering the reference's whole catalogue. */
class UpstreamErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T22:30:00Z");

    @ParameterizedTest(name = "{0} (HTTP {1}) -> {2} {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            5007  | 400 | 404 | invalid_request_error | model_not_found
            3042  | 404 | 404 | invalid_request_error | model_not_found
            5006  | 400 | 400 | invalid_request_error | workers_ai_5006
            3003  | 400 | 400 | invalid_request_error | workers_ai_3003
            5004  | 400 | 400 | invalid_request_error | workers_ai_5004
            3039  | 400 | 400 | invalid_request_error | workers_ai_3039
            5005  | 405 | 400 | invalid_request_error | workers_ai_5005
            5019  | 405 | 400 | invalid_request_error | workers_ai_5019
            1001  | 400 | 400 | invalid_request_error | workers_ai_1001
            7003  | 400 | 400 | invalid_request_error | workers_ai_7003
            3030  | 400 | 400 | invalid_request_error | context_length_exceeded
            3006  | 413 | 413 | invalid_request_error | request_too_large
            5016  | 403 | 403 | permission_error      | workers_ai_5016
            5018  | 403 | 403 | permission_error      | workers_ai_5018
            3023  | 403 | 403 | permission_error      | workers_ai_3023
            3041  | 403 | 403 | permission_error      | workers_ai_3041
            5035  | 403 | 403 | permission_error      | workers_ai_5035
            3007  | 408 | 504 | api_error             | upstream_timeout
            3008  | 408 | 504 | api_error             | upstream_timeout
            10000 | 401 | 502 | api_error             | upstream_authentication_failed
            8005  | 500 | 502 | api_error             | workers_ai_8005
            3040  | 429 | 429 | requests              | rate_limit_exceeded
            2003  | 429 | 429 | requests              | rate_limit_exceeded
            1015  | 429 | 429 | requests              | rate_limit_exceeded
            1010  | 403 | 403 | permission_error      | workers_ai_1010
            2009  | 401 | 502 | api_error             | upstream_authentication_failed
            2021  | 402 | 429 | insufficient_quota    | insufficient_quota
            2041  | 429 | 429 | insufficient_quota    | insufficient_quota
            9999  | 503 | 502 | api_error             | workers_ai_9999
            -     | 404 | 400 | invalid_request_error | -
            """)
    void mapsByCodeThenByStatus(Integer code, int upstreamStatus, int status, String type, String openAiCode) {
        ApiError error = UpstreamErrors.toApiError(
                new WorkersAiException(Kind.ERROR_RESPONSE, upstreamStatus, code, "upstream says", null), NOW);
        ErrorResponse.Error body = error.toResponse().error();
        assertEquals(status, error.status());
        assertEquals(type, body.type());
        assertEquals(openAiCode, body.code());
        assertTrue(body.message().contains("upstream says"), body.message());
    }

    @Test
    void dailyQuotaWaitsUntilMidnightUtcWhateverUpstreamSays() {
        for (int code : new int[] {3036, 4006}) {
            ApiError error = UpstreamErrors.toApiError(new WorkersAiException(Kind.ERROR_RESPONSE, 429, code,
                    "daily allocation used", Duration.ofSeconds(5)), NOW);
            assertEquals(Duration.ofMinutes(90), error.retryAfter());
            assertEquals("insufficient_quota", error.toResponse().error().code());
        }
    }

    @Test
    void capacityPassesOnTheUpstreamHintOnly() {
        assertEquals(Duration.ofSeconds(2), UpstreamErrors.toApiError(new WorkersAiException(Kind.ERROR_RESPONSE,
                429, 3040, "busy", Duration.ofSeconds(2)), NOW).retryAfter());
    }

    @Test
    void failuresWithoutAnAnswerAreHonestAboutIt() {
        assertEquals("upstream_unreachable", code(WorkersAiException.of(Kind.UNREACHABLE, "refused")));
        assertEquals("upstream_timeout", code(WorkersAiException.of(Kind.TIMEOUT, "slow")));
        assertEquals("upstream_stream_truncated", code(WorkersAiException.of(Kind.TRUNCATED_STREAM, "cut")));
        assertEquals("upstream_malformed_response", code(WorkersAiException.of(Kind.MALFORMED_RESPONSE, "odd")));
    }

    @Test
    void rejectedCredentialsPointAtTheConfigurationNotTheClient() {
        String message = UpstreamErrors.toApiError(new WorkersAiException(Kind.ERROR_RESPONSE, 401, 10000,
                "Authentication error", null), NOW).getMessage();
        assertTrue(message.contains("CLOUDFLARE_API_TOKEN"), message);
        assertFalse(message.contains("Bearer"), message);
    }

    private static String code(WorkersAiException e) {
        return UpstreamErrors.toApiError(e, NOW).toResponse().error().code();
    }
}
