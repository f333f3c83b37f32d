package dev.flaregate.access;

import java.util.Set;

/**
 * What one key may do. A null limit is no limit.
 *
 * @param requestsPerMinute requests a minute, as a bucket that refills continuously
 * @param tokensPerMinute   tokens a minute (prompt and completion, as Workers AI reports them), likewise
 * @param tokensPerDay      tokens per UTC day
 * @param models            the models (ids or aliases) it may use; null for all
 */
public record KeyPolicy(Long requestsPerMinute, Long tokensPerMinute, Long tokensPerDay, Set<String> models) {

    public static final KeyPolicy UNLIMITED = new KeyPolicy(null, null, null, null);

    public boolean limitsTokens() {
        return tokensPerMinute != null || tokensPerDay != null;
    }
}
