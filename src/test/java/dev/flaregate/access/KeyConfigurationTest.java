package dev.flaregate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Keys and policies as operators write them, and the mistakes that must stop the gateway without showing a key. */
class KeyConfigurationTest {

    private static final String KEY = "0123456789abcdef0123";

    private static ApiKeys keys(List<String> keys, String policies) {
        return new ApiKeys(new AccessConfig() {
            @Override
            public Optional<List<String>> apiKeys() {
                return Optional.of(keys);
            }

            @Override
            public Optional<Path> apiKeysFile() {
                return Optional.empty();
            }

            @Override
            public Optional<String> keyPolicies() {
                return Optional.ofNullable(policies);
            }
        });
    }

    @Test
    void aKeyIsFoundByItselfOnlyAndCarriesItsMergedPolicy() {
        ApiKeys keys = keys(List.of("ci:" + KEY, "web:" + KEY + "-web"),
                "*: rpm=60 tpm=1000 ; ci: rpm=600 tpd=none models=gpt-4o-mini,@cf/baai/bge-m3\n web: tpm=none");
        ClientKey ci = keys.find(KEY).orElseThrow();
        assertEquals("ci", ci.name());
        assertEquals(new KeyPolicy(600L, 1000L, null, Set.of("gpt-4o-mini", "@cf/baai/bge-m3")), ci.policy());
        assertEquals(new KeyPolicy(60L, null, null, null), keys.find(KEY + "-web").orElseThrow().policy());
        assertTrue(keys.find(KEY + "x").isEmpty());
        assertTrue(keys.find(KEY.substring(1)).isEmpty());
        assertTrue(keys.required());
    }

    @Test
    void keysWithoutANameAreTakenAndNamedInOrder() {
        ApiKeys keys = keys(List.of("sk-one-" + KEY, "ci:" + KEY, "sk-two-" + KEY), "key-2: rpm=5");
        assertEquals("key-1", keys.find("sk-one-" + KEY).orElseThrow().name());
        assertEquals("ci", keys.find(KEY).orElseThrow().name());
        ClientKey second = keys.find("sk-two-" + KEY).orElseThrow();
        assertEquals("key-2", second.name());
        assertEquals(5L, second.policy().requestsPerMinute());

        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> keys(List.of("sk-one", "sk-two"), null));
        String message = tooShort.getMessage();
        assertTrue(message.contains("'key-1'") && message.contains("at least 16 characters"), message);
        assertFalse(message.contains("sk-one"), message);
    }

    @Test
    void withoutKeysNothingIsRequired() {
        assertFalse(keys(List.of(), null).required());
        assertNull(KeyPolicy.UNLIMITED.models());
    }

    @Test
    void mistakesStopTheGatewayAndNeverQuoteAKey() {
        String secret = "s3cr3t-s3cr3t-s3cr3t";
        for (List<String> bad : List.of(List.of("sk-" + secret.substring(0, 6)), List.of("bad name:" + secret),
                List.of("short:abc" + secret.substring(0, 3)), List.of("a:" + secret, "a:" + secret + "2"),
                List.of("a:" + secret, "b:" + secret), List.of("spaces:" + secret + " " + secret))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> keys(bad, null));
            assertFalse(e.getMessage().contains(secret) || e.getMessage().contains("abcs3c"), e.getMessage());
        }
    }

    @Test
    void policyMistakesAreNamed() {
        Map<String, String> cases = Map.of(
                "nobody: rpm=5", "'nobody' is not the name of a configured key",
                "ci: rpm=0", "rpm=0 (for ci) must be a positive number or none",
                "ci: burst=5", "'burst=5' (for ci) is not one of",
                "ci: rpm=5; ci: tpm=5", "'ci' has two entries",
                "rpm=5", "is not of the form name: setting=value");
        cases.forEach((policies, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> keys(List.of("ci:" + KEY), policies));
            assertTrue(e.getMessage().contains(message), e.getMessage());
        });
        assertThrows(IllegalArgumentException.class, () -> keys(List.of(), "*: rpm=5"),
                "policies without keys would limit nobody");
    }
}
