package dev.flaregate.workersai;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;

/**
 * Server-sent events as the bytes arrive, cut anywhere by the network: each event's {@code data} goes on as soon as
 * the blank line that ends it is in. Lines are split on the newline byte, which never occurs inside a multi-byte
 * UTF-8 character, so text is decoded only once a line is whole. {@code event:}, {@code id:} and {@code retry:}
 * fields, which Workers AI does not send, and comments are skipped.
 */
final class EventStreamParser {

    private final Consumer<String> onData;
    private final StringBuilder data = new StringBuilder();
    private Buffer pending = Buffer.buffer();
    private boolean hasData;

    EventStreamParser(Consumer<String> onData) {
        this.onData = onData;
    }

    /**
     * Whole lines are decoded straight from the bytes that arrived; only an unfinished last line is kept, the one
     * copy, until its newline comes.
     */
    void feed(Buffer bytes) {
        Buffer input = bytes;
        int scanFrom = 0;
        if (pending.length() > 0) {
            scanFrom = pending.length();
            input = pending.appendBuffer(bytes);
        }
        int start = 0;
        int length = input.length();
        for (int i = scanFrom; i < length; i++) {
            if (input.getByte(i) == '\n') {
                line(input.getString(start, i, StandardCharsets.UTF_8.name()));
                start = i + 1;
            }
        }
        pending = start == length ? Buffer.buffer() : input.getBuffer(start, length);
    }

    /** The stream has ended: an event without its closing blank line still counts. */
    void end() {
        if (pending.length() > 0) {
            line(pending.toString(StandardCharsets.UTF_8));
            pending = Buffer.buffer();
        }
        dispatch();
    }

    private void line(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith("data")) {
            int colon = line.indexOf(':');
            if (colon == 4 || line.length() == 4) {
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (hasData) {
                    data.append('\n');
                }
                data.append(value.startsWith(" ") ? value.substring(1) : value);
                hasData = true;
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            String event = data.toString();
            data.setLength(0);
            hasData = false;
            onData.accept(event);
        }
    }
}
