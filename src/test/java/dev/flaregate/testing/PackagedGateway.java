package dev.flaregate.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged gateway ({@code target/quarkus-app}) as a process of its own, on a free port and on its built-in
 * emulator (no Cloudflare credentials), for integration tests that need what one {@code @QuarkusTest} cannot give:
 * signals, or several instances.
 */
public final class PackagedGateway implements AutoCloseable {

    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final String baseUrl;

    private PackagedGateway(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts it with these configuration properties and waits until it is ready. */
    public static PackagedGateway start(String name, Map<String, String> config) throws Exception {
        return start(name, config, List.of());
    }

    /** Starts it with these JVM options (a heap size, say) and configuration properties. */
    public static PackagedGateway start(String name, Map<String, String> config, List<String> jvmOptions)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // As the images run it: an OutOfMemoryError ends the process.
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/" + name + ".log"));
        builder.environment().remove("CLOUDFLARE_ACCOUNT_ID");
        builder.environment().remove("CLOUDFLARE_API_TOKEN");
        PackagedGateway gateway = new PackagedGateway(builder.start(), "http://127.0.0.1:" + port);
        if (gateway.awaitStatus("/q/health/ready", 200) != 200) {
            gateway.close();
            throw new AssertionError("The gateway did not become ready; see target/" + name + ".log");
        }
        return gateway;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Process process() {
        return process;
    }

    /** The process's resident memory now, in MiB, as the kernel counts it (what a container limit counts). */
    public long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    /** Polls a URL for up to 30 s until it answers {@code wanted}; returns the last status (-1: no answer). */
    public int awaitStatus(String path, int wanted) throws InterruptedException {
        int status = -1;
        for (int i = 0; i < 300 && status != wanted; i++) {
            try {
                status = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            }
            if (status != wanted) {
                Thread.sleep(100);
            }
        }
        return status;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder chat(String text, boolean stream) {
        String body = "{\"model\":\"@cf/meta/llama-3.1-8b-instruct\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        return HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
