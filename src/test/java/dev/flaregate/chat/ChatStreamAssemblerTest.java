package dev.flaregate.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.openai.ChatCompletionChunk;
import dev.flaregate.openai.Usage;
import dev.flaregate.workersai.TextGenerationChunk;

/** The stream assembler fed with frames recorded from Workers AI (the wire-format reference, §3.1 and §3.2). */
class ChatStreamAssemblerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CompletionMeta META = new CompletionMeta("chatcmpl-test", 1_700_000_000L, "client-model", 100);

    /** llama-3.3-70b, verbatim apart from the elided middle. */
    private static final List<String> CLASSIC = List.of(
            "{\"response\":\"\",\"tool_calls\":[],\"p\":\"abdefghijklmnoprstuvxyz12\"}",
            "{\"response\":\"You\",\"tool_calls\":[],\"p\":\"abdefghijklmnoprstuvxyz1234567890abdefghijklmnopr\"}",
            "{\"response\":\"'re looking\",\"tool_calls\":[],\"p\":\"abdefgh\"}",
            "{\"response\":\".\",\"tool_calls\":[],\"p\":\"abdefghi\"}",
            "{\"response\":\"\",\"tool_calls\":[],\"p\":\"abdefghijklmn\"}",
            "{\"tool_calls\":[],\"p\":\"abdefghijklmnoprstuvxyz1234567890abdefghi\"}",
            "{\"response\":\"\",\"usage\":{\"prompt_tokens\":169,\"completion_tokens\":48,\"total_tokens\":217}}");

    /** gemma-4 via the binding: per-frame usage increments plus a cumulative closing frame. */
    private static final List<String> CHAT_SHAPED = List.of(
            "{\"choices\":[{\"delta\":{\"content\":\"\",\"reasoning_content\":null,\"role\":\"assistant\"},"
                    + "\"finish_reason\":null,\"index\":0,\"logprobs\":null,\"matched_stop\":null}],"
                    + "\"created\":1791402526,\"id\":\"f962191d3d2f47418286b60056319eb5\","
                    + "\"model\":\"@cf/google/gemma-4-26b-a4b-it-external\",\"object\":\"chat.completion.chunk\","
                    + "\"p\":\"pf8tbfo2fkeejbo6kdfvsifkyf6po10nt\",\"usage\":{\"prompt_tokens\":147,"
                    + "\"completion_tokens\":0,\"total_tokens\":147,\"prompt_tokens_details\":{\"cached_tokens\":0},"
                    + "\"neurons\":1.3363635540008545}}",
            "{\"choices\":[{\"delta\":{\"content\":\"\u0623\",\"reasoning_content\":null},\"finish_reason\":null,"
                    + "\"index\":0,\"logprobs\":null,\"matched_stop\":null}],\"object\":\"chat.completion.chunk\","
                    + "\"p\":\"nnvb131g3hod32avnlj91d5bzje5sg\",\"usage\":{\"prompt_tokens\":0,"
                    + "\"completion_tokens\":1,\"total_tokens\":1}}",
            "{\"choices\":[{\"delta\":{\"reasoning\":\"thinking\"},\"finish_reason\":null,\"index\":0}],"
                    + "\"object\":\"chat.completion.chunk\",\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":1,"
                    + "\"total_tokens\":1}}",
            "{\"choices\":[{\"delta\":{\"reasoning_content\":null},\"finish_reason\":\"stop\",\"index\":0,"
                    + "\"logprobs\":null,\"matched_stop\":106}],\"object\":\"chat.completion.chunk\","
                    + "\"p\":\"l48shpm1b\",\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}}",
            "{\"choices\":[],\"object\":\"chat.completion.chunk\",\"p\":\"sxm6dki9\",\"usage\":{\"prompt_tokens\":0,"
                    + "\"completion_tokens\":1,\"total_tokens\":1}}",
            "{\"response\":\"\",\"usage\":{\"prompt_tokens\":147,\"completion_tokens\":16,\"total_tokens\":163,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"neurons\":1.7727271914482117}}");

    @Test
    void classicFramesBecomeRoleContentFinishAndUsage() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(META, true, StopSequences.none());
        List<ChatCompletionChunk> out = feed(assembler, CLASSIC);

        assertEquals(new ChatCompletionChunk.Delta("assistant", "", null), out.get(0).choices().get(0).delta());
        assertEquals(List.of("You", "'re looking", "."), contents(out.subList(1, 4)));
        ChatCompletionChunk finish = out.get(4);
        assertEquals(ChatCompletionChunk.Delta.EMPTY, finish.choices().get(0).delta());
        assertEquals("stop", finish.choices().get(0).finishReason(), "48 of 100 tokens: the model stopped");
        ChatCompletionChunk usage = out.get(5);
        assertTrue(usage.choices().isEmpty());
        assertEquals(Optional.of(new Usage(169, 48, 217)), usage.usage());
        assertEquals(6, out.size(), "padding-only and empty frames add nothing");
        out.subList(0, 5).forEach(c -> assertEquals(Optional.empty(), c.usage()));
        out.forEach(c -> {
            assertEquals("chatcmpl-test", c.id());
            assertEquals(1_700_000_000L, c.created());
            assertEquals("client-model", c.model());
        });
    }

    @Test
    void chatShapedFramesKeepUpstreamFinishAndUseTheCumulativeUsageOnly() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(META, true, StopSequences.none());
        List<ChatCompletionChunk> out = feed(assembler, CHAT_SHAPED);

        assertEquals("assistant", out.get(0).choices().get(0).delta().role());
        assertEquals("\u0623", out.get(1).choices().get(0).delta().content());
        assertEquals("thinking", out.get(2).choices().get(0).delta().reasoningContent(),
                "'reasoning' is relayed as reasoning_content");
        assertEquals("stop", out.get(3).choices().get(0).finishReason());
        assertEquals(Optional.of(new Usage(147, 16, 163)), out.get(4).usage(),
                "the closing total, not the total plus the increments");
        assertEquals(5, out.size());
    }

    @Test
    void withoutTheClosingTotalTheIncrementsAreSummed() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(META, true, StopSequences.none());
        List<ChatCompletionChunk> out = feed(assembler, CHAT_SHAPED.subList(0, 5));
        assertEquals(Optional.of(new Usage(147, 3, 150)), out.get(out.size() - 1).usage());
    }

    @Test
    void anAnswerThatUsedEveryAllowedTokenFinishesWithLength() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(
                new CompletionMeta("chatcmpl-test", 1L, "m", 48), false, StopSequences.none());
        List<ChatCompletionChunk> out = feed(assembler, CLASSIC);
        ChatCompletionChunk finish = out.get(out.size() - 1);
        assertEquals("length", finish.choices().get(0).finishReason());
        assertNull(finish.usage(), "no usage field at all when the client did not ask for it");
    }

    @Test
    void anEmptyStreamStillHasARoleAndOneFinishChunk() {
        List<ChatCompletionChunk> out = new ChatStreamAssembler(META, false, StopSequences.none()).finish();
        assertEquals(2, out.size());
        assertEquals("assistant", out.get(0).choices().get(0).delta().role());
        assertEquals("stop", out.get(1).choices().get(0).finishReason());
    }

    @Test
    void aStopSequenceSpanningTwoFramesEndsTheAnswerBeforeIt() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(META, false, new StopSequences(List.of("looking.")));
        List<ChatCompletionChunk> out = new ArrayList<>();
        for (String frame : CLASSIC) {
            if (assembler.stopped()) {
                break;
            }
            out.addAll(assembler.onFrame(JSON.readValue(frame, TextGenerationChunk.class)));
        }
        out.addAll(assembler.finish());
        String text = String.join("", out.stream().map(c -> c.choices().get(0).delta().content())
                .filter(c -> c != null).toList());
        assertEquals("You're ", text, "\"'re looking\" then \".\": the stop sequence spans the two");
        assertEquals("stop", out.get(out.size() - 1).choices().get(0).finishReason());
        assertTrue(assembler.stopped());
    }

    @Test
    void textHeldBackForAStopSequenceThatNeverCameIsSentAtTheEnd() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(META, false, new StopSequences(List.of(".!")));
        List<ChatCompletionChunk> out = feed(assembler, CLASSIC);
        String text = String.join("", out.stream().map(c -> c.choices().get(0).delta().content())
                .filter(c -> c != null).toList());
        assertEquals("You're looking.", text);
    }

    private static List<ChatCompletionChunk> feed(ChatStreamAssembler assembler, List<String> frames)
            throws Exception {
        List<ChatCompletionChunk> out = new ArrayList<>();
        for (String frame : frames) {
            out.addAll(assembler.onFrame(JSON.readValue(frame, TextGenerationChunk.class)));
        }
        out.addAll(assembler.finish());
        return out;
    }

    private static List<String> contents(List<ChatCompletionChunk> chunks) {
        return chunks.stream().map(c -> c.choices().get(0).delta().content()).toList();
    }
}
