package dev.flaregate.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Reads only one JSON value per body, each name once per object. Jackson would otherwise keep the last of two
 * {@code "model"}s and ignore whatever follows the object; a proxy or log in front that reads the first of them,
 * or the whole body, would then see another request than the one served.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper json) {
        json.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
