package dev.flaregate.workersai;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * One embedding, kept as the JSON array of numbers Workers AI wrote. A client that wants the numbers gets those very
 * numbers, written as they came: parsing a hundred vectors of 768 floats and printing them back was most of what
 * an embeddings request cost the gateway. Reading checks that the array holds numbers and nothing else;
 * {@link #floats()} parses them for a client that wants float32 bytes.
 */
@JsonDeserialize(using = EmbeddingVector.Reader.class)
@JsonSerialize(using = EmbeddingVector.Writer.class)
public final class EmbeddingVector {

    /** The numbers' text: ASCII, so a compact string holds it in one byte a character. */
    private final String json;
    private final int size;

    private EmbeddingVector(String json, int size) {
        this.json = json;
        this.size = size;
    }

    /** The number of dimensions. */
    public int size() {
        return size;
    }

    public float[] floats() {
        char[] text = json.toCharArray();
        float[] values = new float[size];
        int from = 1;
        for (int i = 0; i < size; i++) {
            int to = from;
            while (text[to] != ',' && text[to] != ']') {
                to++;
            }
            values[i] = NumberInput.parseFloat(text, from, to - from, true);
            from = to + 1;
        }
        return values;
    }

    static final class Reader extends StdDeserializer<EmbeddingVector> {

        /**
         * Where a vector's text is gathered, one per thread and kept: a vector is read start to finish on one
         * thread, and reading a hundred of them then allocates only their text, not a growing buffer for each
         * (which had been most of what an embeddings request allocated, and had the collector copying it).
         */
        private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[32 * 1024]);

        Reader() {
            super(EmbeddingVector.class);
        }

        @Override
        public EmbeddingVector deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartArrayToken()) {
                return (EmbeddingVector) context.handleUnexpectedToken(EmbeddingVector.class, parser);
            }
            char[] text = SCRATCH.get();
            text[0] = '[';
            int length = 1;
            int size = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                    return (EmbeddingVector) context.handleUnexpectedToken(EmbeddingVector.class, token, parser,
                            "An embedding holds numbers only, not %s", token);
                }
                int digits = parser.getTextLength();
                if (length + digits + 2 > text.length) {
                    text = Arrays.copyOf(text, Math.max(2 * text.length, length + digits + 2));
                    SCRATCH.set(text);
                }
                if (size++ > 0) {
                    text[length++] = ',';
                }
                System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), text, length, digits);
                length += digits;
            }
            text[length++] = ']';
            return new EmbeddingVector(new String(text, 0, length), size);
        }
    }

    static final class Writer extends StdSerializer<EmbeddingVector> {

        Writer() {
            super(EmbeddingVector.class);
        }

        @Override
        public void serialize(EmbeddingVector vector, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeRawValue(vector.json);
        }
    }
}
