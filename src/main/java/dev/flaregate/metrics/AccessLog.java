package dev.flaregate.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;

import dev.flaregate.http.RequestIds;

/**
 * One line per request, in the category {@value #CATEGORY} at INFO, written when the response has ended (a stream
 * when its last event has gone, with its tokens):
 * {@code method=POST path=/v1/chat/completions status=200 duration_ms=412 key=team-a
 * model=@cf/meta/llama-3.1-8b-instruct stream=false input_tokens=12 output_tokens=34}, fields that do not apply left
 * out. It holds no prompt, completion, header or key (only a key's name): only what {@link RequestRecord} holds.
 * <p>
 * The same fields, and the request id, are the record's MDC, so the JSON log format shows each as a field of its
 * own ({@code mdc.status}, ...). They are put on the record alone: the end of a response may run on another Vert.x
 * context than the request's, where the request's MDC is not at hand and a value put there would stay behind.
 * <p>
 * Lines are gathered and handed to the log every {@value #FLUSH_MILLIS} ms by a thread of their own. Handing each
 * line over as it came (the asynchronous console handler does that) woke a thread per request, which cost about a
 * sixth of the gateway's CPU per request; writing it on the spot would put console writes on the event loop. Each
 * line keeps the time it was made. Should the log fall behind by {@value #MAX_PENDING} lines, lines are written
 * by the request that ends, as that slows clients down rather than losing lines or memory.
 */
@ApplicationScoped
public class AccessLog {

    public static final String CATEGORY = "dev.flaregate.access";
    /** A response that ended without being complete: the client went away, most often in the middle of a stream. */
    static final String CLIENT_GONE = "client_disconnected";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final int MAX_PATH = 200;
    private static final long FLUSH_MILLIS = 50;
    private static final int MAX_PENDING = 10_000;

    private final Queue<ExtLogRecord> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private Thread writer;
    private volatile boolean open;

    /** Not in the constructor: the bean's client proxy runs that too, and would start a writer of its own. */
    @PostConstruct
    void start() {
        writer = new Thread(this::writeLines, "flaregate-access-log");
        writer.setDaemon(true);
        open = true;
        writer.start();
    }

    /** The lines of the last requests, written before the application goes. */
    @PreDestroy
    void close() throws InterruptedException {
        open = false;
        LockSupport.unpark(writer);
        writer.join(Duration.ofSeconds(5).toMillis());
        flush();
    }

    private void writeLines() {
        while (open) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
            flush();
        }
    }

    private void flush() {
        for (ExtLogRecord line = pending.poll(); line != null; line = pending.poll()) {
            pendingCount.decrementAndGet();
            LOG.logRaw(line);
        }
    }

    void log(RequestRecord request, int status, boolean completed) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.startedAt());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("method", request.method());
        fields.put("path", printable(request.path()));
        fields.put("status", String.valueOf(status));
        fields.put("duration_ms", String.valueOf(millis));
        putIfKnown(fields, "key", request.keyName());
        putIfKnown(fields, "model", request.modelId());
        if (request.operation() != null) {
            fields.put("stream", String.valueOf(request.streamed()));
        }
        if (request.inputTokens() >= 0) {
            fields.put("input_tokens", String.valueOf(request.inputTokens()));
        }
        if (request.outputTokens() >= 0) {
            fields.put("output_tokens", String.valueOf(request.outputTokens()));
        }
        putIfKnown(fields, "error", request.error() != null ? request.error() : completed ? null : CLIENT_GONE);

        StringBuilder line = new StringBuilder(160);
        fields.forEach((key, value) -> line.append(line.isEmpty() ? "" : " ").append(key).append('=').append(value));
        ExtLogRecord record = new ExtLogRecord(Level.INFO, line.toString(), ExtLogRecord.FormatStyle.NO_FORMAT,
                AccessLog.class.getName());
        putIfKnown(fields, RequestIds.MDC_KEY, request.id());
        record.setMdc(fields);
        if (open) {
            if (pendingCount.incrementAndGet() <= MAX_PENDING) {
                pending.add(record);
                return;
            }
            pendingCount.decrementAndGet();
        }
        LOG.logRaw(record);
    }

    private static void putIfKnown(Map<String, String> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }

    /** The path is the client's text: no control characters (forged lines), no endless lengths. */
    private static String printable(String path) {
        String shown = path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "…" : path;
        if (shown.chars().noneMatch(Character::isISOControl)) {
            return shown;
        }
        char[] chars = shown.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (Character.isISOControl(chars[i])) {
                chars[i] = '?';
            }
        }
        return new String(chars);
    }
}
