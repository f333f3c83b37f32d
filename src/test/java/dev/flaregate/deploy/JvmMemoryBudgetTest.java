package dev.flaregate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The JVM overlay caps every part of the JVM's memory, and the caps add up to less than the container's limit, so
 * that the kernel never kills a JVM that thinks it has room (docs/hardening.md, "Memory"): the heap as a share of
 * the limit, direct buffers, metaspace, the code cache, thread stacks, and the JVM's own native memory, whose
 * allowance here is what was measured with native memory tracking, rounded up. An OutOfMemoryError ends the process.
 */
class JvmMemoryBudgetTest {

    private static final Path PATCH = Path.of("deploy/kubernetes/overlays/jvm/deployment-patch.yaml");
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final long MIB = 1 << 20;
    /** Threads of the gateway under load (event loops, workers, GC, JIT, Redis, logging), with room to spare. */
    private static final int THREADS = 100;
    /** GC structures, JIT compiler arenas, symbols and the shared class archive: about 50 MiB measured. */
    private static final long JVM_NATIVE = 80 * MIB;

    @Test
    void theOverlaysCapsAddUpToLessThanTheContainerLimit() throws IOException {
        JsonNode container = new YAMLMapper().readTree(PATCH.toFile())
                .at("/spec/template/spec/containers/0");
        long limit = Quantity.getAmountInBytes(new Quantity(container.at("/resources/limits/memory").asText()))
                .longValue();
        String options = null;
        for (JsonNode env : container.get("env")) {
            if ("JAVA_OPTS_APPEND".equals(env.get("name").asText())) {
                options = env.get("value").asText();
            }
        }
        assertNotNull(options, "the overlay sets no JAVA_OPTS_APPEND");
        assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), options);

        long heap = new BigDecimal(option(options, "-XX:MaxRAMPercentage=([0-9.]+)"))
                .multiply(BigDecimal.valueOf(limit)).divide(BigDecimal.valueOf(100)).longValue();
        Map<String, Long> parts = Map.of(
                "heap", heap,
                "direct", bytes(option(options, "-XX:MaxDirectMemorySize=(\\w+)")),
                "metaspace", bytes(option(options, "-XX:MaxMetaspaceSize=(\\w+)")),
                "code cache", bytes(option(options, "-XX:ReservedCodeCacheSize=(\\w+)")),
                "stacks", THREADS * bytes(option(options, "-Xss(\\w+)")),
                "JVM native", JVM_NATIVE);
        long total = parts.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(total < limit, "the JVM may use " + total / MIB + " MiB of a " + limit / MIB + " MiB limit: "
                + parts);
    }

    @Test
    void theImageEndsTheProcessOnOutOfMemoryToo() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE).stream()
                .filter(line -> line.startsWith("ENV JAVA_OPTS_APPEND=")).toList();
        assertEquals(1, lines.size(), "JAVA_OPTS_APPEND lines in " + DOCKERFILE);
        assertTrue(lines.get(0).contains("-XX:+ExitOnOutOfMemoryError"), lines.get(0));
    }

    private static String option(String options, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(options);
        assertTrue(matcher.find(), "no " + pattern + " in " + options);
        return matcher.group(1);
    }

    private static long bytes(String size) {
        long number = Long.parseLong(size.replaceAll("\\D", ""));
        return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> number << 10;
            case 'm' -> number << 20;
            case 'g' -> number << 30;
            default -> number;
        };
    }
}
