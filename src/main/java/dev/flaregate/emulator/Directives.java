package dev.flaregate.emulator;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario switches a test or a curious user writes into the last user message (or any text to embed), e.g.
 * {@code [emulate:error=3040]} or {@code [emulate:truncate] [emulate:delay=200]}. Real Workers AI would read them
 * as ordinary text; the emulator acts them out:
 * <ul>
 * <li>{@code error=CODE}: answer with that Workers AI error (1010 and 1015 as the edge's plain text);</li>
 * <li>{@code success-false=CODE}: HTTP 200 with {@code success: false};</li>
 * <li>{@code empty-result}: HTTP 200 with {@code {"result":{},"success":true}};</li>
 * <li>{@code truncate}: stop a stream halfway, without {@code [DONE]};</li>
 * <li>{@code stream-error=CODE}: a {@code success: false} frame halfway through a stream;</li>
 * <li>{@code delay=MS}: pause between streamed tokens, or before a non-streamed answer.</li>
 * </ul>
 */
record Directives(Map<String, String> values) {

    static final Pattern DIRECTIVE = Pattern.compile("\\[emulate:([a-z-]+)(?:=(\\d+))?]");

    static Directives in(String text) {
        Map<String, String> found = new HashMap<>();
        Matcher m = DIRECTIVE.matcher(text);
        while (m.find()) {
            found.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return new Directives(found);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Integer number(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }
}
