package dev.flaregate.workersai;

import java.util.List;

/** Cloudflare's v4 API envelope around every JSON answer. */
public record WorkersAiEnvelope<T>(T result, Boolean success, List<WorkersAiMessage> errors,
        List<WorkersAiMessage> messages) {
}
