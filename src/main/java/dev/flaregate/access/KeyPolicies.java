package dev.flaregate.access;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code FLAREGATE_KEY_POLICIES}: entries separated by {@code ;} or new lines, each a key name (or {@code *}
 * for every key), a colon, and settings separated by spaces:
 * <ul>
 * <li>{@code rpm=N} requests a minute, {@code tpm=N} tokens a minute, {@code tpd=N} tokens per UTC day;
 * {@code none} for no limit;</li>
 * <li>{@code models=a,b} the models the key may use, by id or alias; {@code *} for all.</li>
 * </ul>
 * A key's own entry overrides the {@code *} entry setting by setting. A name that is no configured key is an error,
 * so that a typo cannot leave a key unlimited.
 */
final class KeyPolicies {

    static final String EVERY_KEY = "*";
    private static final Pattern SETTING = Pattern.compile("(rpm|tpm|tpd|models)=(\\S+)");

    private KeyPolicies() {
    }

    static Map<String, KeyPolicy> parse(String text, Set<String> keyNames) {
        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        for (String entry : text.split("[;\\n]")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).strip();
            if (name.isEmpty()) {
                throw invalid("'" + entry.strip() + "' is not of the form name: setting=value ...");
            }
            if (!name.equals(EVERY_KEY) && !keyNames.contains(name)) {
                throw invalid("'" + name + "' is not the name of a configured key");
            }
            if (entries.containsKey(name)) {
                throw invalid("'" + name + "' has two entries");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (String setting : entry.substring(colon + 1).strip().split("\\s+")) {
                if (setting.isEmpty()) {
                    continue;
                }
                var matcher = SETTING.matcher(setting);
                if (!matcher.matches()) {
                    throw invalid("'" + setting + "' (for " + name + ") is not one of rpm=, tpm=, tpd=, models=");
                }
                settings.put(matcher.group(1), matcher.group(2));
            }
            entries.put(name, settings);
        }
        Map<String, String> defaults = entries.getOrDefault(EVERY_KEY, Map.of());
        Map<String, KeyPolicy> policies = new LinkedHashMap<>();
        for (String name : keyNames) {
            Map<String, String> merged = new LinkedHashMap<>(defaults);
            merged.putAll(entries.getOrDefault(name, Map.of()));
            policies.put(name, policy(name, merged));
        }
        return policies;
    }

    private static KeyPolicy policy(String name, Map<String, String> settings) {
        return new KeyPolicy(limit(name, "rpm", settings), limit(name, "tpm", settings),
                limit(name, "tpd", settings), models(settings.get("models")));
    }

    private static Long limit(String name, String setting, Map<String, String> settings) {
        String value = settings.get(setting);
        if (value == null || value.equals("none")) {
            return null;
        }
        try {
            long limit = Long.parseLong(value);
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(setting + "=" + value + " (for " + name + ") must be a positive number or none");
    }

    private static Set<String> models(String value) {
        if (value == null || value.equals("*")) {
            return null;
        }
        Set<String> models = new LinkedHashSet<>();
        for (String model : value.split(",")) {
            if (!model.isBlank()) {
                models.add(model.strip());
            }
        }
        return Set.copyOf(models);
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("FLAREGATE_KEY_POLICIES: " + why);
    }
}
