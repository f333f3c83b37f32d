package dev.flaregate.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's API keys, from {@code FLAREGATE_API_KEYS} and {@code FLAREGATE_API_KEYS_FILE}. Only their SHA-256
 * hashes are kept. A presented key is hashed and its hash looked up, so the time a lookup takes says nothing about
 * how much of any key was right: a hit is an equal hash, and no comparison of the keys themselves is ever made.
 * Mistakes in the configuration stop the gateway at startup, with messages that say where the mistake is but never
 * show a key.
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Short keys can be guessed; {@code openssl rand -hex 32} makes 64 characters. */
    static final int MIN_KEY_LENGTH = 16;
    /** How a key given without a name is named in logs, metrics and FLAREGATE_KEY_POLICIES. */
    static final String UNNAMED = "key-";

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, ClientKey> byHash;

    ApiKeys(AccessConfig config) {
        Map<String, String> keysByName = new LinkedHashMap<>();
        List<String> listed = config.apiKeys().orElse(List.of());
        for (int i = 0; i < listed.size(); i++) {
            add(keysByName, listed.get(i), "entry " + (i + 1) + " of FLAREGATE_API_KEYS");
        }
        config.apiKeysFile().ifPresent(file -> readFile(file, keysByName));
        Optional<String> policyText = config.keyPolicies().filter(p -> !p.isBlank());
        if (keysByName.isEmpty() && policyText.isPresent()) {
            throw new IllegalArgumentException("FLAREGATE_KEY_POLICIES is set but no API keys are configured");
        }
        Map<String, KeyPolicy> policies = policyText.map(text -> KeyPolicies.parse(text, keysByName.keySet()))
                .orElse(Map.of());
        Map<String, ClientKey> hashes = new HashMap<>();
        keysByName.forEach((name, key) -> {
            ClientKey previous = hashes.put(hash(key),
                    new ClientKey(name, policies.getOrDefault(name, KeyPolicy.UNLIMITED)));
            if (previous != null) {
                throw new IllegalArgumentException("API keys '" + previous.name() + "' and '" + name
                        + "' are the same key");
            }
        });
        this.byHash = Map.copyOf(hashes);
    }

    void announce(@Observes StartupEvent startup) {
        if (byHash.isEmpty()) {
            LOG.warn("No API keys are configured (FLAREGATE_API_KEYS, FLAREGATE_API_KEYS_FILE): anyone who can reach "
                    + "this gateway can use it, without limits per client");
        } else {
            LOG.infof("%d API keys configured; requests without one of them are refused", byHash.size());
        }
    }

    /** Whether keys are required at all. */
    public boolean required() {
        return !byHash.isEmpty();
    }

    /** The client a presented key belongs to, if it is one of ours. */
    public Optional<ClientKey> find(String presented) {
        return Optional.ofNullable(byHash.get(hash(presented)));
    }

    private static void readFile(Path file, Map<String, String> keysByName) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("FLAREGATE_API_KEYS_FILE: cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                add(keysByName, line, "line " + (i + 1) + " of " + file);
            }
        }
    }

    /**
     * A {@code name:key} entry, or a key alone, as most gateways take them, named {@code key-1}, {@code key-2}, ... by
     * its place among the keys without a name. {@code where} locates a bad entry in error messages, which must not
     * quote it: it holds a key.
     */
    private static void add(Map<String, String> keysByName, String entry, String where) {
        int colon = entry.indexOf(':');
        String name = colon < 0 ? unnamed(keysByName) : entry.substring(0, colon).strip();
        String key = colon < 0 ? entry.strip() : entry.substring(colon + 1).strip();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + " is not of the form name:key, with a name of letters, "
                    + "digits, '.', '_' and '-'");
        }
        if (key.length() < MIN_KEY_LENGTH || key.chars().anyMatch(c -> Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            throw new IllegalArgumentException("The key of '" + name + "' (" + where + ") must be at least "
                    + MIN_KEY_LENGTH + " characters without spaces; make one with: openssl rand -hex 32");
        }
        if (keysByName.putIfAbsent(name, key) != null) {
            throw new IllegalArgumentException("Two API keys are named '" + name + "' (" + where + ")");
        }
    }

    /** The next free name for a key given without one. */
    private static String unnamed(Map<String, String> keysByName) {
        int number = 1;
        while (keysByName.containsKey(UNNAMED + number)) {
            number++;
        }
        return UNNAMED + number;
    }

    /** SHA-256 in hex. */
    private static String hash(String key) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

}
