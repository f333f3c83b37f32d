package dev.flaregate.workersai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class WorkersAiTargetTest {

    private static AiGatewayConfig gateway(String id, boolean runSegment) {
        return new AiGatewayConfig() {
            public Optional<String> id() {
                return Optional.ofNullable(id);
            }

            public Optional<String> token() {
                return Optional.of("gw-secret");
            }

            public String url() {
                return "https://gateway.ai.cloudflare.com/v1/";
            }

            public boolean runSegment() {
                return runSegment;
            }
        };
    }

    private static final WorkersAiTarget DIRECT = WorkersAiTarget.direct("https://api.cloudflare.com/client/v4",
            "0123abcd", "api-secret", false);

    @Test
    void directCallsGoToTheAccountsRunPath() {
        assertEquals("https://api.cloudflare.com/client/v4/accounts/0123abcd/ai/run", DIRECT.runBase().toString());
        assertFalse(DIRECT.throughGateway());
        assertEquals(DIRECT, DIRECT.through(gateway(null, true)), "no gateway id: no gateway");
    }

    @Test
    void aGatewayTakesModelCallsInEitherForm() {
        WorkersAiTarget run = DIRECT.through(gateway("my-gateway", true));
        assertEquals("https://gateway.ai.cloudflare.com/v1/0123abcd/my-gateway/workers-ai/run",
                run.runBase().toString());
        assertEquals("https://api.cloudflare.com/client/v4", run.apiBase().toString(), "the catalogue stays");
        assertTrue(run.throughGateway());
        assertEquals(Optional.of("Bearer gw-secret"), run.gatewayAuthorization());
        assertEquals("https://gateway.ai.cloudflare.com/v1/0123abcd/my-gateway/workers-ai",
                DIRECT.through(gateway("my-gateway", false)).runBase().toString());
    }

    @Test
    void idsThatWouldBendTheUrlAreRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> DIRECT.through(gateway("../other", true)));
        assertThrows(IllegalArgumentException.class, () -> WorkersAiTarget.direct("https://x", "a/b", "t", false));
        assertThrows(IllegalArgumentException.class, () -> WorkersAiTarget.direct("ftp://x", "abc", "t", false));
        assertFalse(DIRECT.through(gateway("g", true)).toString().contains("secret"));
    }
}
