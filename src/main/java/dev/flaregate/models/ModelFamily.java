package dev.flaregate.models;

/**
 * What a group of Workers AI text models accepts and returns. Translators read these facts instead of testing
 * model names, so a new model only needs a catalogue entry.
 *
 * @param shape          the shape of the {@code /ai/run} result and stream frames
 * @param contentParts   whether {@code messages[].content} may be an array of parts; when false it must be a string
 * @param passesStop     whether the model takes OpenAI's {@code stop} field
 * @param temperature    accepted {@code temperature}
 * @param topP           accepted {@code top_p}
 * @param penalty        accepted {@code frequency_penalty} and {@code presence_penalty}
 */
public record ModelFamily(ResultShape shape, boolean contentParts, boolean passesStop, Range temperature, Range topP,
        Range penalty) {

    /** Workers AI's documented seed range: 0 is invalid. */
    public static final Range SEED = new Range(1, 9_999_999_999d);
    public static final Range TOP_K = new Range(1, 50);
    public static final Range REPETITION_PENALTY = new Range(0, 2);

    /** llama-3.1/3.2, mistral-7b, qwq, deepseek-r1-distill: string content, penalties 0..2. */
    public static final ModelFamily CLASSIC = new ModelFamily(ResultShape.CLASSIC, false, false,
            new Range(0, 5), new Range(0, 2), new Range(0, 2));
    /** llama-3.3-70b: string content, OpenAI's penalty range, a narrower top_p. */
    public static final ModelFamily CLASSIC_WIDE_PENALTY = new ModelFamily(ResultShape.CLASSIC, false, false,
            new Range(0, 5), new Range(0.001, 1), new Range(-2, 2));
    /** llama-4-scout, mistral-small-3.1, gemma-3, llama-3.2-vision: content parts accepted, penalties 0..2. */
    public static final ModelFamily CLASSIC_VISION = new ModelFamily(ResultShape.CLASSIC, true, false,
            new Range(0, 5), new Range(0, 2), new Range(0, 2));
    /** Models that take the OpenAI chat-completions input and answer with {@code chat.completion} objects. */
    public static final ModelFamily CHAT_COMPLETIONS = new ModelFamily(ResultShape.CHAT_COMPLETION, true, true,
            new Range(0, 2), new Range(0.001, 1), new Range(-2, 2));
    /**
     * A model the catalogue does not know yet: the ranges every text model accepts, string content, and the result
     * shape detected from the result itself.
     */
    public static final ModelFamily UNKNOWN = new ModelFamily(ResultShape.CLASSIC, false, false,
            new Range(0, 2), new Range(0.001, 1), new Range(0, 2));
}
