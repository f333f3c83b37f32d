package dev.flaregate.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.flaregate.error.ApiError;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.openai.EmbeddingList;
import dev.flaregate.openai.EmbeddingRequest;
import dev.flaregate.workersai.EmbeddingInput;
import dev.flaregate.workersai.EmbeddingResult;
import dev.flaregate.workersai.EmbeddingVector;

/** OpenAI embeddings requests to Workers AI calls and back. Pure. */
final class EmbeddingsTranslator {

    /** OpenAI's own limit on inputs per request. */
    static final int MAX_INPUTS = 2048;
    /** The usual estimate of English tokens, used only when Workers AI reports no usage. */
    private static final int CHARS_PER_TOKEN = 4;

    private EmbeddingsTranslator() {
    }

    /** The texts to embed, in order. Token-id input is refused: Workers AI embeds text only. */
    static List<String> texts(JsonNode input) {
        if (input.isTextual()) {
            return List.of(nonEmpty(input.asText(), "input"));
        }
        if (!input.isArray()) {
            throw ApiError.invalidRequest("Invalid 'input': expected a string or an array of strings", "input");
        }
        if (input.isEmpty() || input.size() > MAX_INPUTS) {
            throw ApiError.invalidRequest("Invalid 'input': send 1 to " + MAX_INPUTS + " texts, not " + input.size(),
                    "input");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.isNumber() || item.isArray()) {
                throw ApiError.invalidRequest("Invalid 'input': token-id arrays are not supported, Workers AI "
                        + "embeds text; send the text itself", "input");
            }
            if (!item.isTextual()) {
                throw ApiError.invalidRequest("Invalid 'input[" + i + "]': expected a string", "input[" + i + "]");
            }
            texts.add(nonEmpty(item.asText(), "input[" + i + "]"));
        }
        return texts;
    }

    /** These models cannot shorten their vectors the way OpenAI's text-embedding-3 can. */
    static void checkRequest(EmbeddingRequest request, WorkersAiModel model) {
        if (model.embedding().dimensions() > 0) {
            checkDimensions(request, model.embedding().dimensions());
        }
        if (request.pooling() != null && model.catalogued() && !model.embedding().pooling()) {
            throw ApiError.invalidRequest("Invalid 'pooling': " + request.model() + " takes no pooling; the bge-*-en "
                    + "models do", "pooling");
        }
    }

    /** Workers AI takes a limited number of texts a call: consecutive slices, in order. */
    static List<EmbeddingInput> batches(List<String> texts, int maxBatch, String pooling) {
        List<EmbeddingInput> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += maxBatch) {
            batches.add(new EmbeddingInput(texts.subList(from, Math.min(texts.size(), from + maxBatch)), pooling));
        }
        return batches;
    }

    /**
     * The parts reassembled in input order. Usage is Workers AI's when every part reports it, otherwise an estimate
     * of four characters a token.
     */
    static EmbeddingList toOpenAi(List<EmbeddingResult> parts, List<String> texts, EmbeddingRequest request) {
        List<EmbeddingList.Embedding> data = new ArrayList<>(texts.size());
        boolean reported = true;
        int reportedTokens = 0;
        for (EmbeddingResult part : parts) {
            for (EmbeddingVector vector : part.data()) {
                checkDimensions(request, vector.size());
                data.add(new EmbeddingList.Embedding(data.size(),
                        request.base64() ? base64(vector.floats()) : vector));
            }
            reported &= part.usage() != null;
            reportedTokens += part.usage() == null ? 0 : part.usage().prompt();
        }
        if (data.size() != texts.size()) {
            throw new IllegalStateException("Workers AI returned " + data.size() + " vectors for " + texts.size()
                    + " texts");
        }
        int tokens = reported ? reportedTokens : estimateTokens(texts);
        return new EmbeddingList(data, request.model(), new EmbeddingList.Usage(tokens, tokens));
    }

    /** The catalogue may not know a new model's size: the vectors tell. */
    private static void checkDimensions(EmbeddingRequest request, int size) {
        if (request.dimensions() != null && request.dimensions() != size) {
            throw ApiError.invalidRequest("Invalid 'dimensions': " + request.model() + " produces " + size
                    + "-dimensional vectors only; send dimensions=" + size + " or leave it out", "dimensions");
        }
    }

    static int estimateTokens(List<String> texts) {
        int tokens = 0;
        for (String text : texts) {
            tokens += (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        }
        return tokens;
    }

    /** As OpenAI encodes vectors: float32, little-endian, base64. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static String nonEmpty(String text, String param) {
        if (text.isEmpty()) {
            throw ApiError.invalidRequest("Invalid '" + param + "': texts must not be empty", param);
        }
        return text;
    }
}
