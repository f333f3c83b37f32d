package dev.flaregate.workersai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

class EmbeddingVectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theNumbersGoOutAsWorkersAiWroteThem() throws Exception {
        String numbers = "[-0.014718935452401638,0.0037,1E-5,-2.5e+3,0,7]";
        EmbeddingVector vector = read(" [ -0.014718935452401638 , 0.0037,1E-5,\n-2.5e+3, 0 ,7 ]");
        assertEquals(6, vector.size());
        assertEquals(numbers, JSON.writeValueAsString(vector), "no digit lost or added, only the spaces");
        assertEquals("{\"v\":" + numbers + ",\"n\":1}", JSON.writeValueAsString(new Holder(vector, 1)),
                "a raw value still takes its place among the fields");
    }

    @Test
    void floatsAreTheNearestFloat32sOfTheNumbers() throws Exception {
        EmbeddingVector vector = read("[-0.014718935452401638,0.0037,1E-5,-2.5e+3,0,7]");
        assertArrayEquals(new float[] {-0.014718935452401638f, 0.0037f, 1e-5f, -2500f, 0f, 7f}, vector.floats());
        assertEquals(0, read("[]").floats().length);
    }

    @Test
    void aVectorLongerThanTheFirstBufferIsKeptWhole() throws Exception {
        String numbers = IntStream.range(0, 2048).mapToObj(i -> String.valueOf(-0.000123456789 * (i + 1)))
                .collect(Collectors.joining(",", "[", "]"));
        EmbeddingVector vector = read(numbers);
        assertEquals(2048, vector.size());
        assertEquals(numbers, JSON.writeValueAsString(vector));
        assertEquals((float) (-0.000123456789 * 2048), vector.floats()[2047]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0.1,\"0.2\"]", "[0.1,null]", "[[0.1]]", "[0.1,{}]", "{\"a\":1}", "0.1", "[0.1,true]"})
    void anythingButAnArrayOfNumbersIsRefused(String json) {
        assertThrows(MismatchedInputException.class, () -> read(json), json);
    }

    /** As Workers AI's answers are read: from bytes. */
    private static EmbeddingVector read(String json) throws Exception {
        return JSON.readValue(json.getBytes(StandardCharsets.UTF_8), EmbeddingVector.class);
    }

    record Holder(EmbeddingVector v, int n) {
    }
}
