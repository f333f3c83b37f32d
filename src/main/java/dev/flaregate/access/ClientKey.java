package dev.flaregate.access;

/** An authenticated client: the key's name (for logs and metrics; the key itself is never kept) and its policy. */
public record ClientKey(String name, KeyPolicy policy) {
}
