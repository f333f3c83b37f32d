package dev.flaregate.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import dev.flaregate.models.WorkersAiModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What an emulated embedding model answers for a valid input: one vector a text, in input order. A vector is
 * random but seeded by the model, the pooling and the text, so the same request always gets the same vectors while
 * different texts, models or poolings do not; it is L2-normalized like the bge models' output, so cosine tests on
 * the gateway side mean something.
 *
 * @param model     the embedding model
 * @param texts     the texts, a lone string as a batch of one
 * @param pooling   the pooling used and reported, or null for models whose result names none
 * @param truncates whether the caller asked to cut texts longer than the model's window instead of failing
 */
record EmulatedEmbeddings(WorkersAiModel model, List<String> texts, String pooling, boolean truncates) {

    /** bge-m3 takes no {@code pooling} but names the one it uses in its result (reference §4; observed "cls"). */
    private static final Map<String, String> FIXED_POOLING = Map.of("@cf/baai/bge-m3", "cls");
    /** Models whose {@code /ai/run} result carries usage, as the live API reports it (reference §4); bge does not. */
    private static final Set<String> REPORTS_USAGE = Set.of("@cf/qwen/qwen3-embedding-0.6b");
    /**
     * Draws closer to zero than this are drawn again, so that no component of a normalized vector rounds to zero
     * in a float, even at 2048 dimensions.
     */
    private static final double MIN_DRAW = 1e-3;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** The input of a request {@link EmbeddingInputSchema} has accepted. */
    static EmulatedEmbeddings of(JsonObject body, WorkersAiModel model) {
        Object text = body.getValue("text");
        List<String> texts = text instanceof JsonArray items
                ? items.stream().map(String.class::cast).toList()
                : List.of((String) text);
        String pooling = model.embedding().pooling()
                ? body.getString("pooling", EmbeddingInputSchema.POOLINGS.get(0))
                : FIXED_POOLING.get(model.id());
        return new EmulatedEmbeddings(model, texts, pooling, Boolean.TRUE.equals(body.getValue("truncate_inputs")));
    }

    /** Directives may sit in any of the texts. */
    Directives directives() {
        return Directives.in(String.join("\n", texts));
    }

    /** Tokens of the longest text, one a word as on the text generation side. */
    int longestText() {
        return tokenCounts().max().orElse(0);
    }

    JsonObject result() {
        int dimensions = model.embedding().dimensions();
        JsonArray data = new JsonArray();
        for (String text : texts) {
            JsonArray vector = new JsonArray();
            for (float component : vector(model.id(), pooling, text, dimensions)) {
                vector.add(component);
            }
            data.add(vector);
        }
        JsonObject result = new JsonObject()
                .put("shape", new JsonArray().add(texts.size()).add(dimensions))
                .put("data", data);
        if (pooling != null) {
            result.put("pooling", pooling);
        }
        if (REPORTS_USAGE.contains(model.id())) {
            int prompt = tokenCounts().sum();
            result.put("usage", new JsonObject().put("prompt_tokens", prompt).put("completion_tokens", 0)
                    .put("total_tokens", prompt)
                    .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 0)));
        }
        return result;
    }

    private IntStream tokenCounts() {
        return texts.stream().mapToInt(t -> EmulatedReply.tokens(t).size());
    }

    private static float[] vector(String modelId, String pooling, String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(fnv1a(modelId + '\0' + pooling + '\0' + text));
        double[] draws = new double[dimensions];
        double squares = 0;
        for (int i = 0; i < dimensions; i++) {
            double draw;
            do {
                draw = random.nextGaussian();
            } while (Math.abs(draw) < MIN_DRAW);
            draws[i] = draw;
            squares += draw * draw;
        }
        double norm = Math.sqrt(squares);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (draws[i] / norm);
        }
        return vector;
    }

    /** 64-bit FNV-1a over UTF-8: unlike {@link String#hashCode()}, short texts rarely share a seed. */
    private static long fnv1a(String text) {
        long hash = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return hash;
    }
}
