package dev.flaregate.access;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without keys the gateway is open, and says so once at startup: a warning an operator cannot miss or drown in. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(OpenGatewayTest.LogToFile.class)
class OpenGatewayTest {

    private static final Path LOG = Path.of("target", "open-gateway-" + ProcessHandle.current().pid() + ".log");

    public static class LogToFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }
    }

    @Test
    void anyoneIsServedAndTheStartupLogWarnsExactlyOnce() throws IOException {
        post(body(LLAMA, "no key at all", null)).statusCode(200);
        post(body(LLAMA, "no key again", null)).statusCode(200);
        String log = Files.readString(LOG);
        assertEquals(1, log.split("No API keys are configured", -1).length - 1, log);
        assertEquals(1, log.lines().filter(line -> line.contains("WARN") && line.contains("API keys")).count());
    }
}
