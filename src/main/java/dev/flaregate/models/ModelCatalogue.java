package dev.flaregate.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.flaregate.error.ApiError;

/**
 * The Workers AI models the gateway knows, and the check that keeps a client's model id inside
 * {@code /ai/run/}: ids go into the upstream URL path, so only plain path segments are allowed.
 */
@ApplicationScoped
public class ModelCatalogue {

    /** Segments start with a letter or digit (so never "." or ".."), the first may carry Workers AI's "@". */
    private static final Pattern MODEL_ID = Pattern.compile("@?[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
    private static final int MAX_ID_LENGTH = 200;

    private final Map<String, WorkersAiModel> models = new LinkedHashMap<>();

    public ModelCatalogue() {
        BuiltInModels.ALL.forEach(m -> models.put(m.id(), m));
    }

    public List<WorkersAiModel> all() {
        return List.copyOf(models.values());
    }

    public Optional<WorkersAiModel> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /**
     * The model for a client's id: the catalogue entry, or an uncatalogued text model for a well-formed id the
     * catalogue does not list yet (Workers AI adds models every month, and answers 5007 for ids it does not have).
     *
     * @throws ApiError 400 naming {@code model} when the id could reach another Cloudflare path
     */
    public WorkersAiModel resolve(String id) {
        WorkersAiModel known = models.get(id);
        if (known != null) {
            return known;
        }
        if (!isSafeModelId(id)) {
            throw ApiError.invalidRequest("Invalid model id '" + printable(id)
                    + "': expected a Workers AI model id such as @cf/meta/llama-3.1-8b-instruct", "model");
        }
        return WorkersAiModel.uncatalogued(id);
    }

    static boolean isSafeModelId(String id) {
        return id.length() <= MAX_ID_LENGTH && !id.contains("..") && MODEL_ID.matcher(id).matches();
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
