package dev.flaregate.workersai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Cloudflare's v4 API envelope around every JSON answer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkersAiEnvelope<T>(T result, Boolean success, List<WorkersAiMessage> errors,
        List<WorkersAiMessage> messages) {
}
