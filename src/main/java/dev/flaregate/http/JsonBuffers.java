package dev.flaregate.http;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * JSON to and from Vert.x buffers without copying the bytes: {@code Buffer.buffer(byte[])} copies what it is given
 * and {@code Buffer.getBytes()} copies what it holds, which for an embedding of a hundred texts is a megabyte and
 * more per copy.
 */
public final class JsonBuffers {

    private JsonBuffers() {
    }

    /** Our own values always serialize; failing to is a bug, not a client's or Workers AI's error. */
    public static Buffer write(ObjectMapper json, Object value) {
        try {
            return Buffer.buffer(Unpooled.wrappedBuffer(json.writeValueAsBytes(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize a " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(ObjectReader reader, Buffer body) throws IOException {
        ByteBuf bytes = body.getByteBuf();
        if (bytes.hasArray()) {
            return reader.readValue(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        }
        InputStream stream = new ByteBufInputStream(bytes);
        return reader.readValue(stream);
    }
}
