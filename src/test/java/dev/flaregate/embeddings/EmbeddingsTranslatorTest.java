package dev.flaregate.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.error.ApiError;
import dev.flaregate.openai.EmbeddingList;
import dev.flaregate.openai.EmbeddingRequest;
import dev.flaregate.workersai.EmbeddingInput;
import dev.flaregate.workersai.EmbeddingResult;
import dev.flaregate.workersai.WorkersAiUsage;

class EmbeddingsTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void base64IsLittleEndianFloat32AsTheOpenAiSdksDecodeIt() {
        float[] vector = {0.5f, -1.25f, 3.0e-8f, Float.MIN_VALUE};
        byte[] bytes = Base64.getDecoder().decode(EmbeddingsTranslator.base64(vector));
        assertEquals(16, bytes.length);
        // 0.5f is 0x3F000000: little-endian puts the zero bytes first.
        assertArrayEquals(new byte[] {0, 0, 0, 0x3F}, Arrays.copyOf(bytes, 4));
        float[] decoded = new float[4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
        assertArrayEquals(vector, decoded);
    }

    @Test
    void batchesAreConsecutiveSlicesInOrder() {
        List<String> texts = IntStream.range(0, 250).mapToObj(i -> "t" + i).toList();
        List<EmbeddingInput> batches = EmbeddingsTranslator.batches(texts, 100, "cls");
        assertEquals(List.of(100, 100, 50), batches.stream().map(b -> b.text().size()).toList());
        assertEquals("t100", batches.get(1).text().get(0));
        assertEquals("t249", batches.get(2).text().get(49));
        assertEquals("cls", batches.get(2).pooling());
    }

    @Test
    void inputIsTextOnly() throws Exception {
        assertEquals(List.of("a"), EmbeddingsTranslator.texts(JSON.readTree("\"a\"")));
        assertEquals(List.of("a", "b"), EmbeddingsTranslator.texts(JSON.readTree("[\"a\",\"b\"]")));
        assertEquals("input", refused("[1,2,3]").toResponse().error().param());
        assertEquals("input", refused("[[1,2],[3]]").toResponse().error().param());
        assertEquals("input", refused("[]").toResponse().error().param());
        assertEquals("input", refused("\"\"").toResponse().error().param());
        assertEquals("input[1]", refused("[\"a\",\"\"]").toResponse().error().param());
        assertEquals("input[1]", refused("[\"a\",{}]").toResponse().error().param());
        assertEquals("input", refused("{}").toResponse().error().param());
    }

    @Test
    void partsAreReassembledWithUsageFromWorkersAiOrAnEstimate() throws Exception {
        EmbeddingRequest request = JSON.readValue("{\"model\":\"m\",\"input\":[\"abcd\",\"abcde\",\"x\"]}",
                EmbeddingRequest.class);
        List<String> texts = List.of("abcd", "abcde", "x");
        EmbeddingResult first = JSON.readValue("{\"shape\":[2,2],\"data\":[[1,0],[0,1]]}", EmbeddingResult.class);
        EmbeddingResult second = JSON.readValue("{\"shape\":[1,2],\"data\":[[0.6,0.8]]}", EmbeddingResult.class);

        EmbeddingList estimated = EmbeddingsTranslator.toOpenAi(List.of(first, second), texts, request);
        assertEquals(List.of(0, 1, 2), estimated.data().stream().map(EmbeddingList.Embedding::index).toList());
        assertEquals("[0.6,0.8]", JSON.writeValueAsString(estimated.data().get(2).embedding()));
        assertEquals(1 + 2 + 1, estimated.usage().promptTokens(), "four characters a token, rounded up");

        WorkersAiUsage usage = new WorkersAiUsage(7, 0, 7);
        EmbeddingList reported = EmbeddingsTranslator.toOpenAi(List.of(
                new EmbeddingResult(first.shape(), first.data(), null, usage),
                new EmbeddingResult(second.shape(), second.data(), null, usage)), texts, request);
        assertEquals(14, reported.usage().promptTokens());
        assertEquals(14, reported.usage().totalTokens());
    }

    private static ApiError refused(String input) throws Exception {
        return assertThrows(ApiError.class, () -> EmbeddingsTranslator.texts(JSON.readTree(input)));
    }
}
