package dev.flaregate.chat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.error.ApiError;
import dev.flaregate.models.BuiltInModels;
import dev.flaregate.models.Capability;
import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.openai.ErrorResponse;
import dev.flaregate.workersai.WorkersAiException;
import dev.flaregate.workersai.WorkersAiException.Kind;

/** Refusals before the call only on the catalogue's word, and Workers AI's own refusals told by field. */
class CapabilityRefusalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WorkersAiModel SMALL = new ModelCatalogue(Map.of())
            .resolve("@cf/meta/llama-3.2-1b-instruct", Task.TEXT_GENERATION);
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
    private static final String IMAGE = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"user\","
            + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]";

    private static ChatCompletionRequest request(String fields) throws Exception {
        return JSON.readValue("{\"model\":\"small\"," + fields + "}", ChatCompletionRequest.class);
    }

    private static WorkersAiModel denying(Capability capability) {
        return new WorkersAiModel(SMALL.id(), SMALL.task(), SMALL.family(), null, null, SMALL.capabilities(),
                Set.of(capability), SMALL.created(), true, null);
    }

    private static ErrorResponse.Error explained(String message, int code) throws Exception {
        Throwable explained = CapabilityRefusals.explain(new WorkersAiException(Kind.ERROR_RESPONSE, 400, code,
                message, null), request(TOOLS + "," + IMAGE), SMALL, BuiltInModels.ALL);
        return assertInstanceOf(ApiError.class, explained).toResponse().error();
    }

    @Test
    void whatTheBuiltInListDoesNotMarkIsNotRefused() throws Exception {
        assertTrue(!SMALL.has(Capability.TOOLS) && !SMALL.has(Capability.VISION), "the premise");
        assertDoesNotThrow(() -> CapabilityRefusals.refuseDenied(request(TOOLS + "," + IMAGE), SMALL,
                BuiltInModels.ALL));
    }

    @Test
    void whatTheCatalogueDeniesIsRefusedNamingTheFieldAndAbleModels() throws Exception {
        ErrorResponse.Error tools = assertThrows(ApiError.class, () -> CapabilityRefusals.refuseDenied(
                request(TOOLS + "," + IMAGE), denying(Capability.TOOLS), BuiltInModels.ALL)).toResponse().error();
        assertEquals("tools", tools.param());
        assertTrue(tools.message().contains("small cannot call tools (Workers AI's catalogue says so); models that "
                + "can call tools include @cf/meta/llama-3.1-8b-instruct, @cf/meta/llama-3.3-70b-instruct-fp8-fast, "
                + "@cf/meta/llama-4-scout-17b-16e-instruct"), tools.message());

        ErrorResponse.Error image = assertThrows(ApiError.class, () -> CapabilityRefusals.refuseDenied(
                request(IMAGE), denying(Capability.VISION), BuiltInModels.ALL)).toResponse().error();
        assertEquals("messages[1].content", image.param());
        assertTrue(image.message().contains("vision models include @cf/meta/llama-3.2-11b-vision-instruct"));
        assertDoesNotThrow(() -> CapabilityRefusals.refuseDenied(request("\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]"), denying(Capability.VISION), BuiltInModels.ALL), "no image, no refusal");
    }

    @Test
    void workersAisSchemaRefusalsNameTheField() throws Exception {
        ErrorResponse.Error tools = explained("AiError: Bad input: Additional or unevaluated properties '/tools' at "
                + "'/' not allowed", 5006);
        assertEquals("tools", tools.param());
        assertEquals("workers_ai_5006", tools.code());
        assertTrue(tools.message().startsWith("Invalid 'tools': Workers AI refused the tools for small (Workers AI "
                + "error 5006: AiError: Bad input: Additional"), tools.message());

        assertEquals("response_format", explained("AiError: Bad input: Type mismatch of '/response_format/type'",
                5006).param());
        ErrorResponse.Error image = explained("AiError: Bad input: Error: oneOf at '/' not met, 0 matches: required "
                + "properties at '/' are 'prompt', Type mismatch of '/messages/1/content', 'array' not in 'string'",
                5006);
        assertEquals("messages[1].content", image.param());
        assertTrue(image.message().contains("vision models include"), image.message());
    }

    @Test
    void otherFailuresAreLeftAsTheyAre() throws Exception {
        for (WorkersAiException other : List.of(
                new WorkersAiException(Kind.ERROR_RESPONSE, 400, 5006, "AiError: Bad input: '/seed' must be >= 1",
                        null),
                new WorkersAiException(Kind.ERROR_RESPONSE, 400, 3030, "Max context reached in '/tools'", null),
                new WorkersAiException(Kind.ERROR_RESPONSE, 400, null, "HTTP 400 with an empty body", null))) {
            assertSame(other, CapabilityRefusals.explain(other, request(TOOLS), SMALL, BuiltInModels.ALL));
        }
        IllegalStateException local = new IllegalStateException("not from Workers AI");
        assertSame(local, CapabilityRefusals.explain(local, request(TOOLS), SMALL, BuiltInModels.ALL));
    }
}
