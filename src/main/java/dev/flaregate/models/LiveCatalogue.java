package dev.flaregate.models;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.flaregate.workersai.CatalogueEntry;

/**
 * Workers AI's own catalogue as gateway models. What an entry states wins over the built-in list: function
 * calling, reasoning, vision, the context window and prices are the account's facts, newer than any snapshot. The
 * built-in list keeps what the catalogue does not carry (families, JSON mode, batch limits), and a flag an entry
 * leaves out keeps its built-in value. A flag stated false is remembered as denied, the one case in which a request
 * needing it is refused before any call. Models of tasks this gateway does not serve are left out. Pure.
 */
final class LiveCatalogue {

    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");
    /** Capabilities Cloudflare states as properties of text models. */
    private static final Map<Capability, String> FLAGS = Map.of(Capability.TOOLS, "function_calling",
            Capability.REASONING, "reasoning", Capability.VISION, "vision");

    private LiveCatalogue() {
    }

    static List<WorkersAiModel> toModels(List<CatalogueEntry> entries, Map<String, WorkersAiModel> builtIn) {
        List<WorkersAiModel> models = new ArrayList<>();
        for (CatalogueEntry entry : entries) {
            Task task = task(entry);
            if (task == null || entry.name() == null || !ModelCatalogue.isSafeModelId(entry.name())) {
                continue;
            }
            WorkersAiModel known = builtIn.get(entry.name());
            WorkersAiModel model = known != null && known.task() == task ? known : fromProperties(entry, task);
            Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
            capabilities.addAll(model.capabilities());
            Set<Capability> denied = EnumSet.noneOf(Capability.class);
            if (task == Task.TEXT_GENERATION) {
                FLAGS.forEach((capability, property) -> overlay(entry.property(property), capability, capabilities,
                        denied));
            }
            models.add(new WorkersAiModel(model.id(), task, model.family(), model.embedding(),
                    integer(entry.property("context_window"), model.contextWindow()), Set.copyOf(capabilities),
                    Set.copyOf(denied), created(entry.createdAt(), model.created()), true,
                    price(entry, model.price())));
        }
        return models;
    }

    private static WorkersAiModel fromProperties(CatalogueEntry entry, Task task) {
        if (task == Task.TEXT_EMBEDDINGS) {
            int dimensions = integer(entry.property("output_dimensions"), 0);
            return WorkersAiModel.embedding(entry.name(),
                    new EmbeddingSpec(dimensions, EmbeddingSpec.DEFAULT_MAX_BATCH, false), null);
        }
        return WorkersAiModel.text(entry.name(), ModelFamily.UNKNOWN, null);
    }

    private static Task task(CatalogueEntry entry) {
        String name = entry.task() == null ? null : entry.task().name();
        for (Task task : Task.values()) {
            if (task.label().equals(name)) {
                return task;
            }
        }
        return null;
    }

    /** A stated flag decides, either way; one left out changes nothing. Booleans arrive as text or as JSON. */
    private static void overlay(String stated, Capability capability, Set<Capability> capabilities,
            Set<Capability> denied) {
        if ("true".equalsIgnoreCase(stated)) {
            capabilities.add(capability);
        } else if ("false".equalsIgnoreCase(stated)) {
            capabilities.remove(capability);
            denied.add(capability);
        }
    }

    /**
     * The {@code price} property, {@code [{"unit": "per M input tokens", "price": 0.35, "currency": "USD"}, ...]}
     * (reference §8), in neurons. A side it does not state keeps the built-in rate; cached-input rates and other
     * currencies are not used.
     */
    private static Price price(CatalogueEntry entry, Price builtIn) {
        JsonNode rates = entry.propertyValue("price");
        Double input = null;
        Double output = null;
        if (rates != null && rates.isArray()) {
            for (JsonNode rate : rates) {
                String unit = rate.path("unit").asText("").strip().toLowerCase(Locale.ROOT);
                String currency = rate.path("currency").asText("USD");
                double usd = rate.path("price").asDouble(-1);
                if (usd < 0 || !"USD".equalsIgnoreCase(currency)) {
                    continue;
                }
                if (unit.equals("per m input tokens")) {
                    input = Price.neuronsPerMillion(usd);
                } else if (unit.equals("per m output tokens")) {
                    output = Price.neuronsPerMillion(usd);
                }
            }
        }
        if (input == null && output == null) {
            return builtIn;
        }
        return new Price(input != null ? input : builtIn != null ? builtIn.inputNeuronsPerMillion() : 0,
                output != null ? output : builtIn != null ? builtIn.outputNeuronsPerMillion() : 0);
    }

    private static Integer integer(String value, Integer fallback) {
        try {
            return value == null ? fallback : Integer.valueOf((int) Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long created(String createdAt, long fallback) {
        try {
            return createdAt == null ? fallback
                    : LocalDateTime.parse(createdAt.strip(), CREATED_AT).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
