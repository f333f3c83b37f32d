package dev.flaregate.chat;

import java.util.List;

/**
 * OpenAI's {@code stop}, enforced by the gateway for models that ignore it: the answer ends before the first stop
 * sequence, which is not part of it. In a stream a sequence may span two chunks, so the last characters that could
 * begin one are held back until the next chunk shows whether they do. One instance per answer; pure. Without stop
 * sequences there is nothing to hold, so every answer shares one instance, which passes text through untouched.
 */
final class StopSequences {

    private static final StopSequences NONE = new StopSequences(List.of());

    private final List<String> sequences;
    private final int holdBack;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    /** No stop sequences: everything passes. */
    static StopSequences none() {
        return NONE;
    }

    StopSequences(List<String> sequences) {
        this.sequences = sequences.stream().filter(s -> !s.isEmpty()).toList();
        this.holdBack = this.sequences.stream().mapToInt(String::length).max().orElse(1) - 1;
    }

    boolean active() {
        return !sequences.isEmpty();
    }

    boolean stopped() {
        return stopped;
    }

    /** A whole answer, cut before its first stop sequence. */
    String cut(String text) {
        int at = firstStop(text);
        return at < 0 ? text : text.substring(0, at);
    }

    /** The text of a chunk that can be sent now; what might begin a stop sequence waits for the next chunk. */
    String next(String piece) {
        if (!active()) {
            return piece;
        }
        if (stopped) {
            return "";
        }
        pending.append(piece);
        int at = firstStop(pending);
        if (at >= 0) {
            stopped = true;
            String out = pending.substring(0, at);
            pending.setLength(0);
            return out;
        }
        int safe = Math.max(0, pending.length() - holdBack);
        String out = pending.substring(0, safe);
        pending.delete(0, safe);
        return out;
    }

    /** What was held back, once the answer is over without a stop sequence. */
    String rest() {
        if (!active()) {
            return "";
        }
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }

    private int firstStop(CharSequence text) {
        String s = text.toString();
        int first = -1;
        for (String sequence : sequences) {
            int at = s.indexOf(sequence);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
