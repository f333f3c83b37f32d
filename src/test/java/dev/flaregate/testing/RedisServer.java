package dev.flaregate.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} on a free loopback port, started and stopped by the test. Without redis-server on the
 * PATH the test fails, saying how to install it: a limit shared through Redis is never tested against a fake.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    public static RedisServer start(String name) {
        RedisServer server = new RedisServer(freePort(), Path.of("target", "redis-" + name + ".log"));
        server.restart();
        return server;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts it again on the same port (after {@link #kill}), empty. */
    public void restart() {
        String binary = onPath("redis-server");
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("Could not start redis-server", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!accepting()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new AssertionError("redis-server did not start on port " + port + "; see " + log);
            }
            sleep(20);
        }
    }

    /** Stops it the hard way, as a crashed or deleted Redis pod would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
    }

    private boolean accepting() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String onPath(String binary) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File candidate = new File(dir, binary);
                if (candidate.canExecute()) {
                    return candidate.getPath();
                }
            }
        }
        throw new AssertionError(binary + " is not on the PATH. The tests of limits shared through Redis run a real "
                + "Redis: install it (on Debian or Ubuntu: apt-get install redis-server) and run the tests again.");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("No free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
