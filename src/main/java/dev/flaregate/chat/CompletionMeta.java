package dev.flaregate.chat;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * What every response or chunk of one completion shares: its id, creation time, the model name as the client
 * sent it, and the {@code max_tokens} the gateway asked Workers AI for (to tell "length" from "stop").
 */
record CompletionMeta(String id, long created, String model, int maxTokens) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    static CompletionMeta start(String model, int maxTokens) {
        return new CompletionMeta(newId(), Instant.now().getEpochSecond(), model, maxTokens);
    }

    private static String newId() {
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "chatcmpl-" + new String(id);
    }
}
