package dev.flaregate.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Reads one JSON value per body: Jackson would otherwise ignore whatever follows the object, so that a proxy or log
 * in front that reads the whole body could see another request than the one served. Two of one name in an object
 * are let be (the last wins, as in JavaScript): detecting them would cost every parse, Workers AI's answers
 * included, for no client's good.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper json) {
        json.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
