package dev.flaregate.workersai;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.workersai.WorkersAiException.Kind;

/** Decodes every error form Workers AI and the Cloudflare edge in front of it are known to send. */
public final class WorkersAiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EDGE_ERROR = Pattern.compile("error code: (\\d+)");
    private static final int MAX_MESSAGE = 500;

    private WorkersAiErrors() {
    }

    /**
     * @param status  the HTTP status
     * @param body    the response body, possibly empty or not JSON
     * @param header  a response header by name, null when absent
     */
    public static WorkersAiException decode(int status, String body, UnaryOperator<String> header) {
        WorkersAiException decoded = decodeBody(status, body,
                retryAfter(header.apply("retry-after-ms"), header.apply("retry-after"), Instant.now()));
        String upstreamId = header.apply("cf-ai-req-id");
        return upstreamId == null ? decoded : new WorkersAiException(decoded.kind(), decoded.httpStatus(),
                decoded.code(), decoded.getMessage(), decoded.retryAfter(), upstreamId);
    }

    private static WorkersAiException decodeBody(int status, String body, Duration retryAfter) {
        JsonNode json = parse(body);
        if (json != null && json.isObject()) {
            WorkersAiException fromJson = fromJson(status, json, retryAfter);
            if (fromJson != null) {
                return fromJson;
            }
        }
        String text = body == null ? "" : body.strip();
        Matcher edge = EDGE_ERROR.matcher(text);
        Integer code = edge.find() ? Integer.valueOf(edge.group(1)) : null;
        String message = text.isEmpty() ? "HTTP " + status + " with an empty body" : shorten(text);
        return new WorkersAiException(Kind.ERROR_RESPONSE, status, code, message, retryAfter);
    }

    /** An answer that says {@code success: false}, whatever its HTTP status. */
    public static WorkersAiException fromEnvelope(int status, List<WorkersAiMessage> errors) {
        return fromMessages(status, errors, null);
    }

    private static WorkersAiException fromJson(int status, JsonNode json, Duration retryAfter) {
        List<WorkersAiMessage> errors = messages(json.get("errors"));
        if (errors.isEmpty()) {
            // AI Gateway's own envelope: "error" (singular) plus internalCode and a top-level message.
            errors = messages(json.get("error"));
            JsonNode internal = json.get("internalCode");
            if (internal != null && internal.canConvertToInt()) {
                JsonNode message = json.get("message");
                errors = List.of(new WorkersAiMessage(internal,
                        message != null ? message.asText() : errors.isEmpty() ? "" : errors.get(0).message()));
            }
        }
        return errors.isEmpty() ? null : fromMessages(status, errors, retryAfter);
    }

    private static WorkersAiException fromMessages(int status, List<WorkersAiMessage> errors, Duration retryAfter) {
        if (errors == null || errors.isEmpty()) {
            return new WorkersAiException(Kind.ERROR_RESPONSE, status, null, "Workers AI reported a failure without "
                    + "an error message", retryAfter);
        }
        List<String> parts = new ArrayList<>();
        for (WorkersAiMessage error : errors) {
            if (error.message() != null && !error.message().isBlank()) {
                parts.add(error.message().strip());
            }
        }
        return new WorkersAiException(Kind.ERROR_RESPONSE, status, errors.get(0).numericCode(),
                shorten(String.join("; ", parts)), retryAfter);
    }

    private static List<WorkersAiMessage> messages(JsonNode node) {
        List<WorkersAiMessage> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode e : node) {
                if (e.isObject()) {
                    JsonNode message = e.get("message");
                    list.add(new WorkersAiMessage(e.get("code"), message == null ? null : message.asText()));
                }
            }
        }
        return list;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** {@code retry-after-ms} wins (the OpenAI SDKs read it first); {@code Retry-After} is seconds or a date. */
    static Duration retryAfter(String millis, String value, Instant now) {
        try {
            if (millis != null) {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.strip())));
            }
            if (value == null || value.isBlank()) {
                return null;
            }
            String v = value.strip();
            if (v.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            Duration untilDate = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return untilDate.isNegative() ? Duration.ZERO : untilDate;
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
