package dev.flaregate.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.flaregate.error.ApiError;

/**
 * The Workers AI models the gateway knows, the aliases clients may use for them, and the check that keeps a
 * client's model id inside {@code /ai/run/}: ids go into the upstream URL path, so only plain path segments are
 * allowed. Starts from the built-in list, which Workers AI's own catalogue can replace.
 */
@ApplicationScoped
public class ModelCatalogue {

    /** Segments start with a letter or digit (so never "." or ".."), the first may carry Workers AI's "@". */
    private static final Pattern MODEL_ID = Pattern.compile("@?[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
    private static final int MAX_ID_LENGTH = 200;

    private final Map<String, String> aliases;
    private volatile Map<String, WorkersAiModel> models;

    @Inject
    public ModelCatalogue(ModelsConfig config) {
        this(parseAliases(config.aliases().orElse(List.of())));
    }

    public ModelCatalogue(Map<String, String> aliases) {
        this.aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        replace(BuiltInModels.ALL);
    }

    public List<WorkersAiModel> models() {
        return List.copyOf(models.values());
    }

    /** Alias to Workers AI model id, in configuration order. */
    public Map<String, String> aliases() {
        return aliases;
    }

    public Optional<WorkersAiModel> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** Swaps in a new list at once: requests see the old list or the new one, never a mix. */
    void replace(List<WorkersAiModel> list) {
        Map<String, WorkersAiModel> byId = new LinkedHashMap<>();
        list.forEach(m -> byId.put(m.id(), m));
        models = Collections.unmodifiableMap(byId);
    }

    /**
     * The model a client means by {@code name} on an endpoint for {@code task}: through an alias, the catalogue
     * entry, or for a well-formed id the catalogue does not list yet, an uncatalogued model (Workers AI adds models
     * every month, and answers 5007 for ids it does not have).
     *
     * @throws ApiError 400 naming {@code model} for a model of another task, or an id that could reach another
     *                  Cloudflare path
     */
    public WorkersAiModel resolve(String name, Task task) {
        String id = aliases.getOrDefault(name, name);
        WorkersAiModel known = models.get(id);
        if (known != null) {
            if (known.task() != task) {
                throw ApiError.invalidRequest("'" + name + "' is a " + known.task().label().toLowerCase()
                        + " model; use it with " + known.task().endpoint() + ", or pick a "
                        + task.label().toLowerCase() + " model", "model");
            }
            return known;
        }
        if (!isSafeModelId(id)) {
            throw ApiError.invalidRequest("Invalid model id '" + printable(id)
                    + "': expected a Workers AI model id such as @cf/meta/llama-3.1-8b-instruct", "model");
        }
        return WorkersAiModel.uncatalogued(id, task);
    }

    static boolean isSafeModelId(String id) {
        return id.length() <= MAX_ID_LENGTH && !id.contains("..") && MODEL_ID.matcher(id).matches();
    }

    static Map<String, String> parseAliases(List<String> entries) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).strip();
            String target = eq < 0 ? "" : entry.substring(eq + 1).strip();
            if (name.isEmpty() || !isSafeModelId(target)) {
                throw new IllegalArgumentException("flaregate.models.aliases: '" + entry
                        + "' is not of the form name=@cf/vendor/model");
            }
            parsed.put(name, target);
        }
        return parsed;
    }

    /** Control characters would let a client forge log lines through our error message. */
    private static String printable(String id) {
        String shown = id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) + "…" : id;
        return shown.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
