package dev.flaregate.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.flaregate.error.ApiError;
import dev.flaregate.models.ModelFamily;
import dev.flaregate.models.ResultShape;
import dev.flaregate.models.Range;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.openai.ChatMessage;
import dev.flaregate.openai.ResponseFormat;
import dev.flaregate.workersai.TextGenerationRequest;

/**
 * OpenAI chat request to Workers AI text generation input, shaped by the model's family. Tools, JSON mode and
 * images go to every model: whether it can serve them is for {@link CapabilityRefusals}. Pure.
 */
final class ChatRequestTranslator {

    private static final int MAX_STOP_SEQUENCES = 4;
    private static final Pattern NINE_ALPHANUMERICS = Pattern.compile("[a-zA-Z0-9]{9}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatRequestTranslator() {
    }

    /** The {@code max_tokens} to send: the client's, else the configured default capped by the context window. */
    static int maxTokens(ChatCompletionRequest request, WorkersAiModel model, int defaultMaxTokens) {
        Integer requested = request.requestedMaxTokens();
        if (requested != null) {
            return requested;
        }
        return model.contextWindow() == null ? defaultMaxTokens : Math.min(defaultMaxTokens, model.contextWindow());
    }

    /**
     * @param remoteImages whether {@code http(s)} image URLs may stay in the parts, for the gateway to fetch; see
     *        {@link #remoteImages}
     */
    static TextGenerationRequest toWorkersAi(ChatCompletionRequest request, WorkersAiModel model, int maxTokens,
            boolean remoteImages) {
        ModelFamily family = model.family();
        JsonNode stop = stop(request.stop());
        return new TextGenerationRequest(
                messages(request.messages(), family, remoteImages),
                maxTokens,
                clamp(request.temperature(), family.temperature()),
                clamp(request.topP(), family.topP()),
                request.topK() == null ? null : (int) ModelFamily.TOP_K.clamp(request.topK()),
                seed(request.seed()),
                request.repetitionPenalty(),
                clamp(request.frequencyPenalty(), family.penalty()),
                clamp(request.presencePenalty(), family.penalty()),
                family.passesStop() ? stop : null,
                ReasoningEfforts.forModel(request.reasoningEffort(), model),
                responseFormat(request, model),
                tools(request, model),
                family.passesStop() && request.offersTools() ? request.toolChoice() : null,
                family.passesStop() && request.offersTools() ? request.parallelToolCalls() : null,
                null);
    }

    /**
     * Tools in OpenAI's format, which every tool-calling model takes. Classic models know no {@code tool_choice}:
     * a named function is honoured by offering that function alone.
     */
    private static JsonNode tools(ChatCompletionRequest request, WorkersAiModel model) {
        if (!request.offersTools()) {
            return null;
        }
        String only = namedFunction(request.toolChoice());
        ArrayNode tools = JsonNodeFactory.instance.arrayNode();
        for (ChatCompletionRequest.Tool tool : request.tools()) {
            if (only != null && !model.family().passesStop() && !only.equals(tool.function().name())) {
                continue;
            }
            ObjectNode function = tools.addObject().put("type", "function").putObject("function")
                    .put("name", tool.function().name());
            if (tool.function().description() != null) {
                function.put("description", tool.function().description());
            }
            if (tool.function().parameters() != null) {
                function.set("parameters", tool.function().parameters());
            }
        }
        if (tools.isEmpty()) {
            throw ApiError.invalidRequest("Invalid 'tool_choice': it names a function that is not in 'tools'",
                    "tool_choice");
        }
        return tools;
    }

    private static String namedFunction(JsonNode toolChoice) {
        return toolChoice != null && toolChoice.isObject() ? toolChoice.path("function").path("name").asText(null)
                : null;
    }

    /**
     * JSON mode for Workers AI: models of the chat-completions family take OpenAI's {@code {name, schema, strict}}
     * wrapper as it is; classic models take the bare schema under {@code json_schema}.
     */
    private static JsonNode responseFormat(ChatCompletionRequest request, WorkersAiModel model) {
        if (!request.jsonMode()) {
            return null;
        }
        ResponseFormat format = request.responseFormat();
        ObjectNode translated = JsonNodeFactory.instance.objectNode().put("type", format.type());
        if ("json_schema".equals(format.type())) {
            JsonNode wrapper = format.jsonSchema();
            JsonNode schema = wrapper == null ? null : wrapper.get("schema");
            if (schema == null || !schema.isObject()) {
                throw ApiError.invalidRequest("Invalid 'response_format.json_schema': expected {\"name\": ..., "
                        + "\"schema\": {...}}", "response_format.json_schema");
            }
            translated.set("json_schema", model.family().shape() == ResultShape.CHAT_COMPLETION ? wrapper : schema);
        }
        return translated;
    }

    /**
     * What Workers AI cannot do, refused by name rather than ignored: several choices in one stream, log
     * probabilities, token biases.
     */
    static void refuseUnsupported(ChatCompletionRequest request) {
        if (request.streaming() && request.choices() > 1) {
            throw ApiError.invalidRequest("Invalid 'n': several choices cannot be streamed; send n=1 or stream=false",
                    "n");
        }
        if (Boolean.TRUE.equals(request.logprobs())) {
            throw ApiError.invalidRequest("Invalid 'logprobs': Workers AI does not return log probabilities",
                    "logprobs");
        }
        if (request.topLogprobs() != null) {
            throw ApiError.invalidRequest("Invalid 'top_logprobs': Workers AI does not return log probabilities",
                    "top_logprobs");
        }
        if (request.logitBias() != null && !request.logitBias().isNull() && !request.logitBias().isEmpty()) {
            throw ApiError.invalidRequest("Invalid 'logit_bias': Workers AI models take no token biases", "logit_bias");
        }
    }

    /** The stop sequences the gateway enforces itself: for models that ignore {@code stop}. */
    static StopSequences enforcedStops(ChatCompletionRequest request, WorkersAiModel model) {
        JsonNode stop = stop(request.stop());
        if (stop == null || model.family().passesStop()) {
            return StopSequences.none();
        }
        List<String> sequences = new ArrayList<>();
        if (stop.isTextual()) {
            sequences.add(stop.asText());
        } else {
            stop.forEach(s -> sequences.add(s.asText()));
        }
        return new StopSequences(sequences);
    }

    private static List<TextGenerationRequest.Message> messages(List<ChatMessage> messages, ModelFamily family,
            boolean remoteImages) {
        List<TextGenerationRequest.Message> translated = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            // Workers AI models know "system"; "developer" is OpenAI's newer name for the same role.
            String role = "developer".equals(message.role()) ? "system" : message.role();
            translated.add(toolHistory(message, role, content(message, i, remoteImages), family));
        }
        return translated;
    }

    /**
     * A tool-calling turn in the history. The chat-completions family takes OpenAI's fields as they are; classic
     * models take string content only, so an assistant's calls become their JSON there, and a tool result keeps a
     * {@code tool_call_id} of the nine letters and digits some of them require.
     */
    private static TextGenerationRequest.Message toolHistory(ChatMessage message, String role, JsonNode content,
            ModelFamily family) {
        JsonNode calls = message.toolCalls();
        boolean hasCalls = calls != null && calls.isArray() && !calls.isEmpty();
        if (family.passesStop()) {
            return new TextGenerationRequest.Message(role, content, hasCalls ? calls : null, message.toolCallId());
        }
        JsonNode classicContent = hasCalls ? TextNode.valueOf(classicCalls(calls).toString()) : content;
        String callId = message.toolCallId() == null ? null : nineCharacterId(message.toolCallId());
        return new TextGenerationRequest.Message(role, classicContent, null, callId);
    }

    private static ArrayNode classicCalls(JsonNode calls) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            ObjectNode flat = out.addObject().put("name", function.path("name").asText());
            String arguments = function.path("arguments").asText("{}");
            try {
                flat.set("arguments", JSON.readTree(arguments));
            } catch (JsonProcessingException e) {
                flat.put("arguments", arguments);
            }
        }
        return out;
    }

    /** Mistral-3-style models accept only {@code [a-zA-Z0-9]{9}}; the same OpenAI id always maps to the same one. */
    static String nineCharacterId(String id) {
        if (NINE_ALPHANUMERICS.matcher(id).matches()) {
            return id;
        }
        String hex = Long.toHexString(Integer.toUnsignedLong(id.hashCode()) | 0x100000000L);
        return (hex + "000000000").substring(0, 9);
    }

    private static JsonNode content(ChatMessage message, int index, boolean remoteImages) {
        JsonNode content = message.content();
        String param = "messages[" + index + "].content";
        if (content == null || content.isNull()) {
            if ("assistant".equals(message.role()) || "tool".equals(message.role())) {
                return TextNode.valueOf("");
            }
            throw ApiError.invalidRequest("Invalid '" + param + "': a " + message.role()
                    + " message needs content", param);
        }
        if (content.isTextual()) {
            return content;
        }
        if (!content.isArray()) {
            throw ApiError.invalidRequest("Invalid '" + param + "': expected a string or an array of content parts",
                    param);
        }
        StringBuilder text = new StringBuilder();
        ArrayNode parts = JsonNodeFactory.instance.arrayNode();
        boolean hasImage = false;
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String partParam = param + "[" + p + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> {
                    JsonNode partText = part.get("text");
                    if (partText == null || !partText.isTextual()) {
                        throw ApiError.invalidRequest("Invalid '" + partParam + ".text': expected a string",
                                partParam + ".text");
                    }
                    text.append(text.isEmpty() ? "" : "\n").append(partText.asText());
                    parts.addObject().put("type", "text").put("text", partText.asText());
                }
                case "image_url" -> {
                    hasImage = true;
                    parts.add(imagePart(part, partParam, remoteImages));
                }
                default -> throw ApiError.invalidRequest("Invalid '" + partParam + ".type': content parts of type '"
                        + type + "' are not supported; use 'text' or 'image_url'", partParam + ".type");
            }
        }
        // Text alone always goes as a string: every model takes that, only some take parts.
        return hasImage ? parts : TextNode.valueOf(text.toString());
    }

    private static JsonNode imagePart(JsonNode part, String param, boolean remoteImages) {
        String url = part.path("image_url").path("url").asText("");
        String urlParam = param + ".image_url.url";
        if (isRemote(url) && !remoteImages) {
            throw ApiError.invalidRequest("Invalid '" + urlParam + "': Workers AI takes images only as data: URLs "
                    + "(base64), and this gateway does not fetch remote images (FLAREGATE_IMAGES_REMOTE_FETCH)",
                    urlParam);
        }
        if (!isRemote(url) && !url.startsWith("data:")) {
            throw ApiError.invalidRequest("Invalid '" + urlParam + "': expected a data: URL or an http(s) URL",
                    urlParam);
        }
        ObjectNode image = JsonNodeFactory.instance.objectNode().put("type", "image_url");
        image.putObject("image_url").put("url", url);
        return image;
    }

    private static boolean isRemote(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** An image part whose URL the gateway must fetch, and the request field it came from. */
    record RemoteImagePart(ObjectNode imageUrl, String param) {

        String url() {
            return imageUrl.path("url").asText();
        }
    }

    /**
     * The image parts of a translated request that still point at {@code http(s)} URLs. Messages and parts keep
     * their positions in translation, so each one is named by the field the client sent.
     */
    static List<RemoteImagePart> remoteImages(TextGenerationRequest body) {
        List<RemoteImagePart> remote = new ArrayList<>();
        for (int i = 0; i < body.messages().size(); i++) {
            JsonNode content = body.messages().get(i).content();
            for (int p = 0; content.isArray() && p < content.size(); p++) {
                JsonNode imageUrl = content.get(p).get("image_url");
                if (imageUrl instanceof ObjectNode node && isRemote(node.path("url").asText())) {
                    remote.add(new RemoteImagePart(node, "messages[" + i + "].content[" + p + "].image_url.url"));
                }
            }
        }
        return remote;
    }

    private static JsonNode stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        boolean valid = stop.isTextual() || stop.isArray() && stop.size() <= MAX_STOP_SEQUENCES
                && StreamSupport.stream(stop.spliterator(), false).allMatch(JsonNode::isTextual);
        if (!valid) {
            throw ApiError.invalidRequest("Invalid 'stop': expected a string or an array of up to 4 strings", "stop");
        }
        return stop;
    }

    private static Double clamp(Double value, Range range) {
        return value == null ? null : range.clamp(value);
    }

    /** OpenAI takes any 64-bit seed, Workers AI only 1..9999999999: fold others into that range, deterministically. */
    private static Long seed(Long seed) {
        if (seed == null) {
            return null;
        }
        long max = (long) ModelFamily.SEED.max();
        return seed >= 1 && seed <= max ? seed : Math.floorMod(seed, max) + 1;
    }
}
