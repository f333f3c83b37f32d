package dev.flaregate.chat;

import java.util.Locale;

import dev.flaregate.models.Capability;
import dev.flaregate.models.WorkersAiModel;

/**
 * OpenAI's {@code reasoning_effort} as Workers AI's reasoning models take it. OpenAI knows more steps than the
 * {@code low}, {@code medium} and {@code high} those models take, and a value OpenAI accepts must never fail here:
 * each step goes to the nearest one Workers AI has, and a value neither knows is left out, as the model's own
 * default then applies. Pure.
 */
final class ReasoningEfforts {

    private ReasoningEfforts() {
    }

    /**
     * The effort to send, or null to send none: for models outside the chat-completions family or without
     * reasoning, whose schemas have no such field, and for values OpenAI does not define either.
     */
    static String forModel(String requested, WorkersAiModel model) {
        if (requested == null || !model.family().passesStop() || !model.has(Capability.REASONING)) {
            return null;
        }
        return switch (requested.strip().toLowerCase(Locale.ROOT)) {
            // Workers AI's way to turn reasoning off is a null effort, which reads the same as no effort at all:
            // the least reasoning it can be asked for is the nearest to none.
            case "none", "minimal", "low" -> "low";
            case "medium" -> "medium";
            case "high", "xhigh" -> "high";
            default -> null;
        };
    }
}
