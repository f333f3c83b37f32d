package dev.flaregate.chat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.flaregate.openai.ChatCompletion;
import dev.flaregate.openai.Usage;
import dev.flaregate.workersai.GeneratedText;
import dev.flaregate.workersai.TextGenerationResult;
import dev.flaregate.workersai.WorkersAiUsage;

/** Workers AI text generation result, in either shape, to an OpenAI {@code chat.completion}. Pure. */
final class ChatResponseTranslator {

    private ChatResponseTranslator() {
    }

    static ChatCompletion toChatCompletion(TextGenerationResult result, CompletionMeta meta) {
        Usage usage = usage(result.usage());
        String content;
        String reasoning = null;
        String upstreamFinish = null;
        if (result.isChatCompletion()) {
            TextGenerationResult.Choice choice = result.choices().get(0);
            GeneratedText message = choice.message();
            content = message == null || message.content() == null ? "" : message.content();
            reasoning = message == null ? null : message.anyReasoning();
            upstreamFinish = choice.finishReason();
        } else {
            content = classicText(result);
        }
        String finish = FinishReasons.of(upstreamFinish, usage.completionTokens(), meta.maxTokens());
        ChatCompletion.Choice choice = new ChatCompletion.Choice(0,
                ChatCompletion.Message.assistant(content, reasoning), finish);
        return new ChatCompletion(meta.id(), meta.created(), meta.model(), List.of(choice), usage);
    }

    /** {@code response} is a string, an object in JSON mode (sent on as JSON text), or on a few models missing. */
    private static String classicText(TextGenerationResult result) {
        JsonNode response = result.response();
        if (response == null || response.isNull()) {
            return result.responseText() == null ? "" : result.responseText();
        }
        return response.isValueNode() ? response.asText() : response.toString();
    }

    static Usage usage(WorkersAiUsage usage) {
        return usage == null ? Usage.of(0, 0) : Usage.of(usage.prompt(), usage.completion());
    }
}
