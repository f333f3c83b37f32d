package dev.flaregate.workersai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** An entry of the envelope's {@code errors}: {@code code} is usually a number but has been seen as a string. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkersAiMessage(JsonNode code, String message) {

    public Integer numericCode() {
        if (code == null || code.isNull()) {
            return null;
        }
        if (code.canConvertToInt()) {
            return code.asInt();
        }
        try {
            return Integer.valueOf(code.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
