package dev.flaregate;

import dev.flaregate.openai.ChatCompletion;
import dev.flaregate.openai.ChatCompletionChunk;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.openai.ChatMessage;
import dev.flaregate.openai.CompletionRequest;
import dev.flaregate.openai.EmbeddingList;
import dev.flaregate.openai.EmbeddingRequest;
import dev.flaregate.openai.ErrorResponse;
import dev.flaregate.openai.ModelList;
import dev.flaregate.openai.ResponseFormat;
import dev.flaregate.openai.StreamOptions;
import dev.flaregate.openai.TextCompletion;
import dev.flaregate.openai.ToolCall;
import dev.flaregate.openai.Usage;
import dev.flaregate.workersai.CatalogueEntry;
import dev.flaregate.workersai.EmbeddingInput;
import dev.flaregate.workersai.EmbeddingResult;
import dev.flaregate.workersai.EmbeddingVector;
import dev.flaregate.workersai.GeneratedText;
import dev.flaregate.workersai.TextGenerationChunk;
import dev.flaregate.workersai.TextGenerationRequest;
import dev.flaregate.workersai.TextGenerationResult;
import dev.flaregate.workersai.WorkersAiEnvelope;
import dev.flaregate.workersai.WorkersAiMessage;
import dev.flaregate.workersai.WorkersAiUsage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types Jackson reads or writes by reflection, registered for the native executable, which keeps reflective
 * access only to the classes named at build time. Quarkus REST registers the parameter and return types of
 * resource and REST-client methods by itself, but not what the gateway serialises with its own
 * {@code ObjectMapper}: every stream chunk ({@code EventStream}, {@code OpenAiResponses}), each upstream SSE frame
 * ({@code WorkersAi}'s {@code ObjectReader} for {@link TextGenerationChunk}) and the route filters' refusals
 * ({@code EarlyRefusal}).
 * Without them a native build compiles and then fails on the first stream, so the whole wire model is listed here,
 * nested records included. Add a type here when it starts going through Jackson.
 */
@RegisterForReflection(targets = {
        // OpenAI, as the clients send it
        ChatCompletionRequest.class,
        ChatCompletionRequest.Tool.class,
        ChatCompletionRequest.FunctionSpec.class,
        ChatMessage.class,
        CompletionRequest.class,
        EmbeddingRequest.class,
        ResponseFormat.class,
        StreamOptions.class,
        // OpenAI, as the gateway answers
        ChatCompletion.class,
        ChatCompletion.Choice.class,
        ChatCompletion.Message.class,
        ChatCompletionChunk.class,
        ChatCompletionChunk.Choice.class,
        ChatCompletionChunk.Delta.class,
        ChatCompletionChunk.ToolCallDelta.class,
        ChatCompletionChunk.FunctionDelta.class,
        TextCompletion.class,
        TextCompletion.Choice.class,
        ToolCall.class,
        ToolCall.Function.class,
        Usage.class,
        EmbeddingList.class,
        EmbeddingList.Embedding.class,
        EmbeddingList.Usage.class,
        ModelList.class,
        ModelList.Model.class,
        ModelList.Capabilities.class,
        ErrorResponse.class,
        ErrorResponse.Error.class,
        // Workers AI, as the gateway sends it
        TextGenerationRequest.class,
        TextGenerationRequest.Message.class,
        EmbeddingInput.class,
        // Workers AI, as it answers
        WorkersAiEnvelope.class,
        WorkersAiMessage.class,
        WorkersAiUsage.class,
        TextGenerationResult.class,
        TextGenerationResult.Choice.class,
        TextGenerationChunk.class,
        TextGenerationChunk.Choice.class,
        GeneratedText.class,
        EmbeddingResult.class,
        EmbeddingVector.class,
        CatalogueEntry.class,
        CatalogueEntry.Task.class,
        CatalogueEntry.Property.class,
})
public final class NativeReflection {

    private NativeReflection() {
    }
}
