package dev.flaregate.chat;

import java.util.ArrayList;
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

    /**
     * One OpenAI completion from one Workers AI result a choice ({@code n} calls for {@code n} choices). Usage counts
     * the prompt once and every choice's tokens. Stop sequences the model ignores are applied here.
     */
    static ChatCompletion toChatCompletion(List<TextGenerationResult> results, CompletionMeta meta,
            StopSequences stops) {
        List<ChatCompletion.Choice> choices = new ArrayList<>(results.size());
        int completionTokens = 0;
        for (int i = 0; i < results.size(); i++) {
            choices.add(choice(results.get(i), i, meta, stops));
            completionTokens += usage(results.get(i).usage()).completionTokens();
        }
        int promptTokens = usage(results.get(0).usage()).promptTokens();
        return new ChatCompletion(meta.id(), meta.created(), meta.model(), choices,
                Usage.of(promptTokens, completionTokens));
    }

    private static ChatCompletion.Choice choice(TextGenerationResult result, int index, CompletionMeta meta,
            StopSequences stops) {
        Usage usage = usage(result.usage());
        String content;
        String reasoning = null;
        String upstreamFinish = null;
        JsonNode calls;
        if (result.isChatCompletion()) {
            TextGenerationResult.Choice choice = result.choices().get(0);
            GeneratedText message = choice.message();
            content = message == null || message.content() == null ? "" : message.content();
            reasoning = message == null ? null : message.anyReasoning();
            upstreamFinish = choice.finishReason();
            calls = message == null ? null : message.toolCalls();
        } else {
            content = classicText(result);
            calls = result.toolCalls();
        }
        if (calls != null && calls.isArray() && !calls.isEmpty()) {
            return new ChatCompletion.Choice(index, ChatCompletion.Message.toolCalls(ToolCalls.toOpenAi(calls),
                    reasoning), "tool_calls");
        }
        String cut = stops.cut(content);
        String finish = cut.length() < content.length() ? "stop"
                : FinishReasons.of(upstreamFinish, usage.completionTokens(), meta.maxTokens());
        return new ChatCompletion.Choice(index, ChatCompletion.Message.assistant(cut, reasoning), finish);
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
