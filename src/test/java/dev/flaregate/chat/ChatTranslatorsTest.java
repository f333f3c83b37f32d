package dev.flaregate.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.error.ApiError;
import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.openai.ChatCompletion;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.workersai.TextGenerationRequest;
import dev.flaregate.workersai.TextGenerationResult;

/** Request and response translation, without HTTP. */
class ChatTranslatorsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ModelCatalogue CATALOGUE = new ModelCatalogue(Map.of());
    private static final WorkersAiModel LLAMA = CATALOGUE.resolve("@cf/meta/llama-3.1-8b-instruct", Task.TEXT_GENERATION);
    private static final WorkersAiModel SCOUT = CATALOGUE.resolve("@cf/meta/llama-4-scout-17b-16e-instruct", Task.TEXT_GENERATION);
    private static final CompletionMeta META = new CompletionMeta("chatcmpl-x", 1L, "my-model", 10);

    private static ChatCompletionRequest request(String json) throws Exception {
        return JSON.readValue(json, ChatCompletionRequest.class);
    }

    @Test
    void maxTokensPrefersMaxCompletionTokensThenTheCappedDefault() throws Exception {
        assertEquals(7, ChatRequestTranslator.maxTokens(
                request("{\"max_tokens\":9,\"max_completion_tokens\":7}"), LLAMA, 4096));
        assertEquals(9, ChatRequestTranslator.maxTokens(request("{\"max_tokens\":9}"), LLAMA, 4096));
        assertEquals(4096, ChatRequestTranslator.maxTokens(request("{}"), LLAMA, 4096));
        assertEquals(7968, ChatRequestTranslator.maxTokens(request("{}"), LLAMA, 100_000),
                "never more than the context window");
    }

    @Test
    void seedsOutsideWorkersAisRangeAreFoldedIntoIt() throws Exception {
        assertEquals(42L, translate("{\"seed\":42}", LLAMA).seed());
        assertEquals(1L, translate("{\"seed\":0}", LLAMA).seed());
        assertEquals(9_999_999_999L, translate("{\"seed\":-1}", LLAMA).seed());
        assertNull(translate("{}", LLAMA).seed());
    }

    @Test
    void imagesGoAsPartsToEveryModel() throws Exception {
        String withImage = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is it?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\",\"detail\":\"high\"}}]}]}";
        TextGenerationRequest vision = translate(withImage, SCOUT);
        assertEquals("[{\"type\":\"text\",\"text\":\"What is it?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]",
                vision.messages().get(0).content().toString());
        assertEquals(vision.messages().get(0).content(), translate(withImage, LLAMA).messages().get(0).content(),
                "Workers AI, not the gateway, decides whether a model takes images");

        String remote = withImage.replace("data:image/png;base64,AAAA", "https://example.com/cat.png");
        ApiError remoteRefused = assertThrows(ApiError.class, () -> translate(remote, SCOUT));
        assertEquals("messages[0].content[1].image_url.url", remoteRefused.toResponse().error().param());
        assertTrue(ChatRequestTranslator.remoteImages(vision).isEmpty());
    }

    @Test
    void remoteImagesAreLeftForTheGatewayToFetchWhenAllowed() throws Exception {
        String json = "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"Compare\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"HTTPS://example.com/cat.png\"}}]}]}";
        List<ChatRequestTranslator.RemoteImagePart> remote = ChatRequestTranslator.remoteImages(
                ChatRequestTranslator.toWorkersAi(request(json), SCOUT, 100, true));
        assertEquals(1, remote.size());
        assertEquals("HTTPS://example.com/cat.png", remote.get(0).url());
        assertEquals("messages[1].content[2].image_url.url", remote.get(0).param());

        ApiError otherScheme = assertThrows(ApiError.class, () -> ChatRequestTranslator.toWorkersAi(
                request(json.replace("HTTPS://", "file://")), SCOUT, 100, true));
        assertEquals("messages[1].content[2].image_url.url", otherScheme.toResponse().error().param());
    }

    @Test
    void classicResultsBecomeAChatCompletion() throws Exception {
        ChatCompletion completion = complete("{\"response\":\"Hi\",\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":1,\"total_tokens\":4}}");
        assertEquals("chatcmpl-x", completion.id());
        assertEquals("chat.completion", completion.object());
        assertEquals("my-model", completion.model());
        assertEquals("Hi", completion.choices().get(0).message().content());
        assertEquals("stop", completion.choices().get(0).finishReason());
        assertEquals(4, completion.usage().totalTokens());
    }

    @Test
    void jsonModeObjectsAndResponseTextAreReadToo() throws Exception {
        assertEquals("{\"name\":\"India\"}",
                complete("{\"response\":{\"name\":\"India\"}}").choices().get(0).message().content());
        assertEquals("from nemotron",
                complete("{\"response_text\":\"from nemotron\"}").choices().get(0).message().content());
    }

    @Test
    void chatShapedResultsKeepReasoningAndMapFinishReasons() throws Exception {
        ChatCompletion completion = complete("{\"id\":\"id-1\",\"object\":\"chat.completion\",\"choices\":[{"
                + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"reasoning\":\"hmm\"},"
                + "\"finish_reason\":\"model_length\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,"
                + "\"total_tokens\":7}}");
        ChatCompletion.Message message = completion.choices().get(0).message();
        assertEquals("", message.content());
        assertEquals("hmm", message.reasoningContent());
        assertEquals("length", completion.choices().get(0).finishReason());
    }

    @Test
    void severalChoicesCountThePromptOnceAndStopsCutEachAnswer() throws Exception {
        TextGenerationResult one = result("{\"response\":\"Alpha. Beta\",\"usage\":{\"prompt_tokens\":5,"
                + "\"completion_tokens\":10,\"total_tokens\":15}}");
        ChatCompletion completion = ChatResponseTranslator.toChatCompletion(List.of(one, one), META,
                new StopSequences(List.of(". ")));
        assertEquals(List.of(0, 1), completion.choices().stream().map(ChatCompletion.Choice::index).toList());
        assertEquals("Alpha", completion.choices().get(1).message().content());
        assertEquals("stop", completion.choices().get(1).finishReason(), "10 of 10 tokens, but a stop sequence");
        assertEquals(5, completion.usage().promptTokens());
        assertEquals(20, completion.usage().completionTokens());
    }

    private static ChatCompletion complete(String json) throws Exception {
        return ChatResponseTranslator.toChatCompletion(List.of(result(json)), META, StopSequences.none());
    }

    @Test
    void missingFinishReasonIsSynthesizedFromTheTokenCount() {
        assertEquals("length", FinishReasons.of(null, 10, 10));
        assertEquals("stop", FinishReasons.of(null, 9, 10));
        assertEquals("stop", FinishReasons.of("eos", 10, 10));
        assertEquals("tool_calls", FinishReasons.of("tool_calls", 1, 10));
    }

    /** Translates {@code json}, adding one user message when it has none. */
    private static TextGenerationRequest translate(String json, WorkersAiModel model) throws Exception {
        ChatCompletionRequest parsed = request(json);
        if (parsed.messages() == null) {
            parsed = request("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]"
                    + (json.equals("{}") ? "}" : "," + json.substring(1)));
        }
        return ChatRequestTranslator.toWorkersAi(parsed, model, 100, false);
    }

    private static TextGenerationResult result(String json) throws Exception {
        return JSON.readValue(json, TextGenerationResult.class);
    }
}
