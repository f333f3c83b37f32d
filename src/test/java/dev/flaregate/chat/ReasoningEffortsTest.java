package dev.flaregate.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;

/** Every {@code reasoning_effort} OpenAI accepts, and some it does not, for the models that take one and others. */
class ReasoningEffortsTest {

    private static final ModelCatalogue CATALOGUE = new ModelCatalogue(Map.of());
    private static final WorkersAiModel QWEN3 = CATALOGUE.resolve("@cf/qwen/qwen3-30b-a3b-fp8", Task.TEXT_GENERATION);
    private static final WorkersAiModel GPT_OSS = CATALOGUE.resolve("@cf/openai/gpt-oss-120b", Task.TEXT_GENERATION);
    private static final WorkersAiModel QWQ = CATALOGUE.resolve("@cf/qwen/qwq-32b", Task.TEXT_GENERATION);
    private static final WorkersAiModel LLAMA = CATALOGUE.resolve("@cf/meta/llama-3.1-8b-instruct",
            Task.TEXT_GENERATION);

    @Test
    void openAisStepsGoToTheNearestOneWorkersAiHas() {
        Map<String, String> expected = Map.of("none", "low", "minimal", "low", "low", "low", "medium", "medium",
                "high", "high", "xhigh", "high");
        for (WorkersAiModel model : new WorkersAiModel[] {QWEN3, GPT_OSS}) {
            expected.forEach((openAi, workersAi) -> assertEquals(workersAi,
                    ReasoningEfforts.forModel(openAi, model), openAi + " on " + model.id()));
        }
        assertEquals("high", ReasoningEfforts.forModel(" XHigh ", QWEN3), "spelling aside, the same step");
    }

    @Test
    void unknownValuesAndAbsentOnesAreLeftOut() {
        for (String unknown : new String[] {"max", "", "extreme", "0"}) {
            assertNull(ReasoningEfforts.forModel(unknown, QWEN3), unknown);
        }
        assertNull(ReasoningEfforts.forModel(null, QWEN3));
    }

    @Test
    void modelsWhoseSchemaHasNoEffortGetNone() {
        for (String effort : new String[] {"none", "minimal", "low", "medium", "high", "xhigh", "max"}) {
            assertNull(ReasoningEfforts.forModel(effort, LLAMA), "no reasoning: " + effort);
            assertNull(ReasoningEfforts.forModel(effort, QWQ), "a classic schema without the field: " + effort);
            assertNull(ReasoningEfforts.forModel(effort, CATALOGUE.resolve("@cf/vendor/brand-new",
                    Task.TEXT_GENERATION)), "a model not known to reason: " + effort);
        }
    }
}
