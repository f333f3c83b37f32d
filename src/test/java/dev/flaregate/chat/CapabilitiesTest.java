package dev.flaregate.chat;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What the built-in list does not mark is forwarded, and Workers AI's own refusal names the field. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class CapabilitiesTest {

    private static final String SMALL = "@cf/meta/llama-3.2-1b-instruct";
    private static final String TOOL = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\","
            + "\"description\":\"Query\"}}}}}]";
    private static final String IMAGE = "{\"model\":\"" + LLAMA + "\",%s\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is it?\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}";

    @InjectEmulator
    Emulator emulator;

    /** llama-3.1-8b, whose schema takes tools, was refused them once; llama-3.2-1b the built-in list does not mark. */
    @Test
    void toolsAreForwardedWhetherTheBuiltInListMarksTheModelOrNot() {
        for (String model : new String[] {LLAMA, SMALL}) {
            String text = "tools-for " + model;
            post(body(model, text, TOOL)).statusCode(200)
                    .body("choices[0].finish_reason", equalTo("tool_calls"))
                    .body("choices[0].message.tool_calls[0].function.name", equalTo("lookup"));
            assertTrue(emulator.lastBodyContaining(text).containsKey("tools"), model);
        }
    }

    @Test
    void anImageWorkersAiRefusesIsA400NamingTheMessageAndVisionModels() {
        for (String stream : new String[] {"", "\"stream\":true,"}) {
            post(String.format(IMAGE, stream)).statusCode(400)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.param", equalTo("messages[1].content"))
                    .body("error.code", equalTo("workers_ai_5006"))
                    .body("error.message", containsString("'array' not in 'string'"))
                    .body("error.message", containsString("vision models include @cf/meta/llama-3.2-11b-vision"));
        }
    }
}
