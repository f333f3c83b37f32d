package dev.flaregate.chat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.flaregate.error.ApiError;
import dev.flaregate.models.Capability;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.openai.ChatMessage;
import dev.flaregate.workersai.WorkersAiException;

/**
 * Requests a model cannot serve, as 400s that name the field and models that can. The gateway refuses one before
 * calling only when Workers AI's catalogue says outright that the model lacks what it needs; otherwise Workers AI
 * decides, and its own schema refusal (a 5006 naming the field) is told the same way. Pure.
 */
final class CapabilityRefusals {

    private static final int BAD_INPUT = 5006;
    /** Workers AI's refusals keep the code any other 5006 gets, so clients see one code for one upstream error. */
    private static final String BAD_INPUT_CODE = "workers_ai_" + BAD_INPUT;
    private static final int SUGGESTED = 3;
    private static final Pattern CONTENT = Pattern.compile("/messages/(\\d+)/content");

    /** What a request needs of a model, and how the models that have it are named to a client. */
    private record Need(Capability capability, String able) {
    }

    private static final Need TOOLS = new Need(Capability.TOOLS, "models that can call tools");
    private static final Need JSON_MODE = new Need(Capability.JSON_MODE, "models with JSON mode");
    private static final Need VISION = new Need(Capability.VISION, "vision models");

    private CapabilityRefusals() {
    }

    /** Refuses before the call what the catalogue says the model cannot do. */
    static void refuseDenied(ChatCompletionRequest request, WorkersAiModel model, List<WorkersAiModel> catalogue) {
        if (request.offersTools() && model.denies(Capability.TOOLS)) {
            throw refusal(TOOLS, "tools", request.model() + " cannot call tools (Workers AI's catalogue says so)",
                    null, model, catalogue);
        }
        int image = firstImage(request.messages());
        if (image >= 0 && model.denies(Capability.VISION)) {
            throw refusal(VISION, "messages[" + image + "].content", request.model() + " does not accept images "
                    + "(Workers AI's catalogue says so)", null, model, catalogue);
        }
    }

    /**
     * Workers AI's refusal of a field the model's schema does not take, told as a refusal of that field; any other
     * failure unchanged.
     */
    static Throwable explain(Throwable failure, ChatCompletionRequest request, WorkersAiModel model,
            List<WorkersAiModel> catalogue) {
        if (!(failure instanceof WorkersAiException upstream) || upstream.code() == null
                || upstream.code() != BAD_INPUT || upstream.getMessage() == null) {
            return failure;
        }
        String message = upstream.getMessage();
        String origin = " (Workers AI error " + BAD_INPUT + ": " + message + ")";
        if (message.contains("/tools")) {
            return refusal(TOOLS, "tools", "Workers AI refused the tools for " + request.model() + origin,
                    BAD_INPUT_CODE, model, catalogue);
        }
        if (message.contains("/response_format")) {
            return refusal(JSON_MODE, "response_format", "Workers AI refused JSON mode for " + request.model()
                    + origin, BAD_INPUT_CODE, model, catalogue);
        }
        Matcher content = CONTENT.matcher(message);
        if (content.find()) {
            // Content goes as an array of parts only when it carries an image: that is what the model refused.
            return refusal(VISION, "messages[" + content.group(1) + "].content", "Workers AI refused the image "
                    + "for " + request.model() + origin, BAD_INPUT_CODE, model, catalogue);
        }
        return failure;
    }

    private static ApiError refusal(Need need, String param, String why, String code, WorkersAiModel model,
            List<WorkersAiModel> catalogue) {
        List<String> able = catalogue.stream()
                .filter(m -> m.task() == Task.TEXT_GENERATION && m.has(need.capability()) && !m.id().equals(model.id()))
                .limit(SUGGESTED)
                .map(WorkersAiModel::id)
                .toList();
        String suggestion = able.isEmpty() ? "; the catalogue lists no " + need.able().replace("models", "model")
                : "; " + need.able() + " include " + String.join(", ", able);
        return new ApiError(400, "invalid_request_error", code, param,
                "Invalid '" + param + "': " + why + suggestion, null);
    }

    private static int firstImage(List<ChatMessage> messages) {
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).content();
            for (int p = 0; content != null && content.isArray() && p < content.size(); p++) {
                if ("image_url".equals(content.get(p).path("type").asText())) {
                    return i;
                }
            }
        }
        return -1;
    }
}
