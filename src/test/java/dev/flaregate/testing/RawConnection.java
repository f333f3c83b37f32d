package dev.flaregate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client connection that a test writes by hand, as an unusual or hostile client would: a head one byte at a
 * time, a body declared and never finished, silence. Reading an answer never waits longer than it is told.
 */
public final class RawConnection implements AutoCloseable {

    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private final Socket socket;
    private final long openedNanos = System.nanoTime();

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    public static RawConnection open(String baseUrl) throws IOException {
        URI uri = URI.create(baseUrl);
        return new RawConnection(new Socket(uri.getHost(), uri.getPort()));
    }

    /** A JSON POST's head; {@code length} null for a chunked body. */
    public static String postHead(String path, Long length, String... headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: gateway\r\n"
                + "Content-Type: application/json\r\n");
        head.append(length == null ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** One HTTP/1.1 chunk of a chunked body. */
    public static byte[] chunk(byte[] data) {
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(data, 0, chunk, size.length, data.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    public RawConnection write(String ascii) throws IOException {
        return write(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    public RawConnection write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Writes, and says whether the server still took the bytes (false once it has closed the connection). */
    public boolean tryWrite(byte[] bytes) {
        try {
            write(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The next answer on the connection, read for at most {@code within}: its status (-1 when the server closed
     * the connection without one, 0 when nothing came in time), its head and body.
     */
    public Answer answer(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int headEnd = -1;
        int bodyLength = -1;
        try {
            while (headEnd < 0 || read.size() < headEnd + bodyLength) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Answer(0, read.toString(StandardCharsets.UTF_8), "", millis());
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                int b = in.read();
                if (b < 0) {
                    break;
                }
                read.write(b);
                if (headEnd < 0 && read.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    headEnd = read.size();
                    Matcher length = LENGTH.matcher(read.toString(StandardCharsets.ISO_8859_1));
                    bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
                }
            }
        } catch (SocketTimeoutException e) {
            return new Answer(0, read.toString(StandardCharsets.UTF_8), "", millis());
        } catch (IOException e) {
            // A reset is a close, for what the test wants to know.
        }
        RawHttp.Exchange exchange = new RawHttp.Exchange(read.toByteArray(), true);
        if (headEnd < 0) {
            return new Answer(-1, exchange.head(), "", millis());
        }
        return new Answer(exchange.status(), exchange.head(), exchange.body(), millis());
    }

    /** Milliseconds since the connection was opened. */
    public long millis() {
        return (System.nanoTime() - openedNanos) / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** What came back: the status, the head, the body, and when (milliseconds after opening). */
    public record Answer(int status, String head, String body, long atMillis) {
    }
}
