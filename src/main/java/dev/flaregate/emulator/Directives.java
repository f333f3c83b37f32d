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
 * <li>{@code delay=MS}: pause between streamed tokens, or before a non-streamed answer;</li>
 * <li>{@code first-delay=MS}: pause before a stream's first byte;</li>
 * <li>{@code retry-after=S}: send {@code Retry-After} with the error;</li>
 * <li>{@code times=N}: act out the error, {@code success-false} or {@code empty-result} for the first N requests
 * carrying this same text only, then answer normally (a Workers AI that recovers).</li>
 * </ul>
 *
 * @param values  the switches found, by name ("" for those without a value)
 * @param source  the text they were found in, which {@code times} counts requests by
 */
record Directives(Map<String, String> values, String source) {

    static final Pattern DIRECTIVE = Pattern.compile("\\[emulate:([a-z-]+)(?:=(\\d+))?]");

    static Directives in(String text) {
        Map<String, String> found = new HashMap<>();
        Matcher m = DIRECTIVE.matcher(text);
        while (m.find()) {
            found.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return new Directives(found, text);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Integer number(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }
}
