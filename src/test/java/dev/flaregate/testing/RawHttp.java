package dev.flaregate.testing;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Plain HTTP/1.1 calls that keep the body byte for byte, as an SDK's SSE parser sees it. HTTP/1.1 is pinned
 * because Java's client would otherwise negotiate h2c with the test server, which no SDK does.
 */
public final class RawHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RawHttp() {
    }

    public static HttpResponse<String> post(URI uri, String json, String accept) {
        try {
            return CLIENT.send(request(uri, json, accept), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** Sends without waiting, so that a test can keep many requests in flight at once. */
    public static CompletableFuture<HttpResponse<String>> postAsync(URI uri, String json) {
        return CLIENT.sendAsync(request(uri, json, null), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts a streamed request over a plain socket, reads up to its first event and hangs up, as a client does that
     * goes away in the middle of an answer.
     */
    public static void leaveAfterFirstEvent(URI uri, String json, String requestId) {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            post(socket, uri, json, "x-request-id: " + requestId);
            BufferedReader response = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = response.readLine();
            } while (line != null && !line.startsWith("data: "));
        } catch (IOException e) {
            throw new AssertionError("POST " + uri + " failed", e);
        }
    }

    /**
     * Posts over a plain socket and returns the body's HTTP/1.1 chunks as sent: each is one write of the server's,
     * so a test can tell which events left together.
     */
    public static List<String> postForChunks(URI uri, String json) {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            post(socket, uri, json, "Connection: close");
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String line;
            boolean chunked = false;
            while (!(line = asciiLine(in)).isEmpty()) {
                chunked |= line.equalsIgnoreCase("transfer-encoding: chunked");
            }
            if (!chunked) {
                throw new AssertionError("not a chunked body");
            }
            List<String> chunks = new ArrayList<>();
            for (int size; (size = Integer.parseInt(asciiLine(in), 16)) > 0; ) {
                byte[] chunk = new byte[size];
                in.readFully(chunk);
                asciiLine(in);
                chunks.add(new String(chunk, StandardCharsets.UTF_8));
            }
            return chunks;
        } catch (IOException e) {
            throw new AssertionError("POST " + uri + " failed", e);
        }
    }

    /** What the server sent back for some bytes, and whether it then closed the connection. */
    public record Exchange(byte[] bytes, boolean closed) {

        /** The status line's code; -1 when nothing came back. */
        public int status() {
            String head = head();
            return head.startsWith("HTTP/") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
        }

        /** The status line and headers, as sent. */
        public String head() {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }

        public String body() {
            int start = head().length() + 4;
            return start >= bytes.length ? "" : new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes the bytes as they are to the server of {@code uri} and reads what comes back until it closes the
     * connection or stays silent for a second: for requests that Java's client would normalize or refuse to send.
     */
    public static Exchange exchange(URI uri, byte[] request) {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write(request);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
                return new Exchange(answer.toByteArray(), true);
            } catch (SocketTimeoutException silent) {
                return new Exchange(answer.toByteArray(), false);
            }
        } catch (IOException e) {
            throw new AssertionError("Writing to " + uri + " failed", e);
        }
    }

    /** A JSON POST written by hand, with one header of the caller's. */
    private static void post(Socket socket, URI uri, String json, String header) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                + header + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
    }

    private static String asciiLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the body ended inside a line: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static HttpRequest request(URI uri, String json, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return request.build();
    }
}
