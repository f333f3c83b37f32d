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
 * Workers AI's own catalogue as gateway models. The built-in facts (families, batch limits) win where the built-in
 * list knows a model; Workers AI's properties describe the rest. Prices go the other way: a rate Workers AI states
 * is newer than the built-in list's. Models of tasks this gateway does not serve are left out. Pure.
 */
final class LiveCatalogue {

    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

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
            models.add(new WorkersAiModel(model.id(), task, model.family(), model.embedding(),
                    integer(entry.property("context_window"), model.contextWindow()), model.capabilities(),
                    created(entry.createdAt(), model.created()), true, price(entry, model.price())));
        }
        return models;
    }

    private static WorkersAiModel fromProperties(CatalogueEntry entry, Task task) {
        if (task == Task.TEXT_EMBEDDINGS) {
            int dimensions = integer(entry.property("output_dimensions"), 0);
            return WorkersAiModel.embedding(entry.name(),
                    new EmbeddingSpec(dimensions, EmbeddingSpec.DEFAULT_MAX_BATCH, false), null);
        }
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        flag(entry, "function_calling", Capability.TOOLS, capabilities);
        flag(entry, "reasoning", Capability.REASONING, capabilities);
        flag(entry, "vision", Capability.VISION, capabilities);
        return WorkersAiModel.text(entry.name(), ModelFamily.UNKNOWN, null, capabilities.toArray(Capability[]::new));
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

    private static void flag(CatalogueEntry entry, String property, Capability capability, Set<Capability> into) {
        if ("true".equalsIgnoreCase(entry.property(property))) {
            into.add(capability);
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
