package dev.flaregate.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.flaregate.openai.ChatCompletion;
import dev.flaregate.openai.ChatCompletionChunk;
import dev.flaregate.openai.ChatCompletionChunk.Delta;
import dev.flaregate.openai.Usage;
import dev.flaregate.workersai.GeneratedText;
import dev.flaregate.workersai.TextGenerationChunk;
import dev.flaregate.workersai.WorkersAiUsage;

/**
 * Turns Workers AI stream frames, of either shape, into OpenAI chunks: the role first, then each piece of content
 * or reasoning as it arrives, and at the end exactly one finish chunk, then the usage chunk when the client asked
 * for it. Padding, empty frames and usage frames never reach the client. One instance per stream; pure.
 */
final class ChatStreamAssembler {

    private static final WorkersAiUsage NO_USAGE = new WorkersAiUsage(0, 0, 0);

    private final CompletionMeta meta;
    private final boolean includeUsage;
    private final StopSequences stops;
    private final StreamedToolCalls toolCalls = new StreamedToolCalls();
    private boolean roleSent;
    private String upstreamFinish;
    private WorkersAiUsage total;
    private WorkersAiUsage increments = NO_USAGE;

    ChatStreamAssembler(CompletionMeta meta, boolean includeUsage, StopSequences stops) {
        this.meta = meta;
        this.includeUsage = includeUsage;
        this.stops = stops;
    }

    /** A stop sequence ended the answer: nothing Workers AI sends after it matters. */
    boolean stopped() {
        return stops.stopped();
    }

    List<ChatCompletionChunk> onFrame(TextGenerationChunk frame) {
        if (frame.carriesTotalUsage()) {
            total = frame.usage();
        } else if (frame.usage() != null) {
            increments = increments.plus(frame.usage());
        }
        List<ChatCompletionChunk> out = new ArrayList<>(2);
        if (!roleSent) {
            out.add(roleChunk());
        }
        if (frame.choices() != null) {
            for (TextGenerationChunk.Choice choice : frame.choices()) {
                if (choice.index() != null && choice.index() != 0) {
                    continue;
                }
                GeneratedText delta = choice.delta();
                addToolCalls(out, delta == null ? null : delta.toolCalls());
                String content = delta == null ? null : visible(delta.content());
                if (delta != null && (nonEmpty(content) || nonEmpty(delta.anyReasoning()))) {
                    out.add(chunk(new Delta(null, nonEmpty(content) ? content : null, delta.anyReasoning()), null));
                }
                if (choice.finishReason() != null) {
                    upstreamFinish = choice.finishReason();
                }
            }
        } else {
            addToolCalls(out, frame.toolCalls());
            String content = visible(frame.response());
            if (nonEmpty(content)) {
                out.add(chunk(new Delta(null, content, null), null));
            }
        }
        return out;
    }

    private void addToolCalls(List<ChatCompletionChunk> out, JsonNode pieces) {
        List<ChatCompletionChunk.ToolCallDelta> deltas = toolCalls.deltas(pieces);
        if (!deltas.isEmpty()) {
            out.add(chunk(new Delta(null, null, null, deltas), null));
        }
    }

    /** The part of a piece of content the client may see now, given the stop sequences. */
    private String visible(String content) {
        return content == null || !stops.active() ? content : stops.next(content);
    }

    /** The tokens of the answer: Workers AI's closing total, else the sum of its increments. */
    Usage usage() {
        return ChatResponseTranslator.usage(total != null ? total : increments);
    }

    /** Called once Workers AI has sent {@code [DONE]}. */
    List<ChatCompletionChunk> finish() {
        Usage usage = usage();
        List<ChatCompletionChunk> out = new ArrayList<>(4);
        if (!roleSent) {
            out.add(roleChunk());
        }
        String heldBack = stops.rest();
        if (!heldBack.isEmpty()) {
            out.add(chunk(new Delta(null, heldBack, null), null));
        }
        String finish = toolCalls.any() ? "tool_calls" : stops.stopped() ? "stop"
                : FinishReasons.of(upstreamFinish, usage.completionTokens(), meta.maxTokens());
        out.add(chunk(Delta.EMPTY, finish));
        if (includeUsage) {
            out.add(usageChunk(usage));
        }
        return out;
    }

    /**
     * A whole completion as the chunks of a stream, for answers Workers AI cannot stream (JSON mode): the role, all
     * of the content, the finish chunk, and the usage chunk when asked for.
     */
    static List<ChatCompletionChunk> replay(ChatCompletion completion, CompletionMeta meta, boolean includeUsage) {
        ChatStreamAssembler assembler = new ChatStreamAssembler(meta, includeUsage, StopSequences.none());
        ChatCompletion.Choice choice = completion.choices().get(0);
        List<ChatCompletionChunk> out = new ArrayList<>(4);
        out.add(assembler.roleChunk());
        out.add(assembler.chunk(new Delta(null, choice.message().content(), choice.message().reasoningContent()),
                null));
        out.add(assembler.chunk(Delta.EMPTY, choice.finishReason()));
        if (includeUsage) {
            out.add(assembler.usageChunk(completion.usage()));
        }
        return out;
    }

    private ChatCompletionChunk usageChunk(Usage usage) {
        return new ChatCompletionChunk(meta.id(), ChatCompletionChunk.OBJECT, meta.created(), meta.model(),
                List.of(), Optional.of(usage));
    }

    private ChatCompletionChunk roleChunk() {
        roleSent = true;
        return chunk(new Delta("assistant", "", null), null);
    }

    private ChatCompletionChunk chunk(Delta delta, String finishReason) {
        return new ChatCompletionChunk(meta.id(), ChatCompletionChunk.OBJECT, meta.created(), meta.model(),
                List.of(new ChatCompletionChunk.Choice(0, delta, null, finishReason)),
                includeUsage ? Optional.empty() : null);
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
