package dev.flaregate.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Jackson's fast number parser and writer: an embedding is hundreds of floats read from Workers AI and written to
 * the client, and the JDK's own conversions made an embedding of one text cost twice a chat completion's CPU. The
 * values are the same floats; the writer prints the shortest text that reads back as each of them.
 */
@Singleton
public class JsonNumbers implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper json) {
        json.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature())
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    }
}
