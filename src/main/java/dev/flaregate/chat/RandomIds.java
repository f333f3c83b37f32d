package dev.flaregate.chat;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids in OpenAI's style: a prefix and 24 random letters and digits. They must be unique, not secret (nobody proves
 * anything with a completion id), so the per-thread generator serves: no lock on every request as a shared
 * {@code SecureRandom} takes, and no random state in a static field for a native image to trip on.
 */
final class RandomIds {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private RandomIds() {
    }

    static String of(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return prefix + new String(id);
    }
}
