package dev.flaregate.emulator;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.flaregate.workersai.WorkersAiTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without credentials the gateway starts its own emulator, as the README's run command does. */
@QuarkusTest
@TestProfile(EmulatorModeTest.NoCredentials.class)
class EmulatorModeTest {

    public static class NoCredentials implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Empty values count as unset, even when the machine running the tests has real credentials.
            return Map.of("cloudflare.account-id", "", "cloudflare.api-token", "");
        }
    }

    @Inject
    WorkersAiTarget target;

    @Test
    void servesChatFromTheBuiltInEmulatorOnLoopback() {
        assertTrue(target.emulated());
        assertEquals("127.0.0.1", target.runBase().getHost());
        assertTrue(!target.toString().contains(target.apiToken()), "the token never prints");
        post(body(LLAMA, "emulated hello", null))
                .statusCode(200)
                .body("choices[0].message.content", equalTo("You said: emulated hello"));
    }
}
