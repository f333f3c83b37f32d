package dev.flaregate.chat;

import java.time.Instant;

/**
 * What every response or chunk of one completion shares: its id, creation time, the model name as the client
 * sent it, and the {@code max_tokens} the gateway asked Workers AI for (to tell "length" from "stop").
 */
record CompletionMeta(String id, long created, String model, int maxTokens) {

    static CompletionMeta start(String model, int maxTokens) {
        return new CompletionMeta(RandomIds.of("chatcmpl-"), Instant.now().getEpochSecond(), model, maxTokens);
    }
}
