package dev.flaregate.completions;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.flaregate.error.ApiError;
import dev.flaregate.openai.ChatCompletion;
import dev.flaregate.openai.ChatCompletionChunk;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.openai.ChatMessage;
import dev.flaregate.openai.CompletionRequest;
import dev.flaregate.openai.TextCompletion;

/**
 * Legacy completions as chat completions with the prompt as the one user message, and their answers back as
 * {@code text_completion}s. Workers AI's text models are chat models; this keeps one path to them. Pure.
 */
final class CompletionsTranslator {

    private CompletionsTranslator() {
    }

    static ChatCompletionRequest toChat(CompletionRequest request) {
        refuseUnsupported(request);
        ChatMessage user = new ChatMessage("user", TextNode.valueOf(prompt(request.prompt())), null, null, null);
        return new ChatCompletionRequest(request.model(), List.of(user), request.stream(), request.streamOptions(),
                request.maxTokens(), null, request.temperature(), request.topP(), request.seed(),
                request.frequencyPenalty(), request.presencePenalty(), request.stop(), null, null, request.n(),
                null, null, request.logitBias(), null, null, null, null, null);
    }

    static TextCompletion fromChat(ChatCompletion completion) {
        return new TextCompletion(completionId(completion.id()), TextCompletion.OBJECT, completion.created(),
                completion.model(), completion.choices().stream()
                        .map(c -> new TextCompletion.Choice(c.message().content(), c.index(), c.finishReason()))
                        .toList(),
                Optional.of(completion.usage()));
    }

    static List<TextCompletion> fromChatChunks(List<ChatCompletionChunk> chunks) {
        return chunks.stream().map(CompletionsTranslator::fromChat).toList();
    }

    /** A chat chunk as a completion chunk: the role-only first chunk carries an empty text. */
    private static TextCompletion fromChat(ChatCompletionChunk chunk) {
        List<TextCompletion.Choice> choices = chunk.choices().stream()
                .map(c -> new TextCompletion.Choice(c.delta().content() == null ? "" : c.delta().content(),
                        c.index(), c.finishReason()))
                .toList();
        return new TextCompletion(completionId(chunk.id()), TextCompletion.OBJECT, chunk.created(), chunk.model(),
                choices, chunk.usage());
    }

    private static String prompt(JsonNode prompt) {
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw ApiError.invalidRequest("Invalid 'prompt': expected a string (several prompts or token ids are not "
                + "supported)", "prompt");
    }

    private static void refuseUnsupported(CompletionRequest request) {
        if (Boolean.TRUE.equals(request.echo())) {
            throw ApiError.invalidRequest("Invalid 'echo': Workers AI cannot echo the prompt", "echo");
        }
        if (request.suffix() != null && !request.suffix().isEmpty()) {
            throw ApiError.invalidRequest("Invalid 'suffix': Workers AI does not complete text before a suffix",
                    "suffix");
        }
        if (request.bestOf() != null && request.bestOf() > 1) {
            throw ApiError.invalidRequest("Invalid 'best_of': Workers AI returns no log probabilities to rank by",
                    "best_of");
        }
        if (request.logprobs() != null) {
            throw ApiError.invalidRequest("Invalid 'logprobs': Workers AI does not return log probabilities",
                    "logprobs");
        }
    }

    /** {@code cmpl-} like OpenAI's, from the same random part as the chat id. */
    private static String completionId(String chatId) {
        return "cmpl-" + chatId.substring(chatId.indexOf('-') + 1);
    }
}
