package dev.flaregate.emulator;

import static dev.flaregate.models.Capability.REASONING;
import static dev.flaregate.models.Capability.TOOLS;
import static dev.flaregate.models.Capability.VISION;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.flaregate.models.Capability;
import dev.flaregate.models.Price;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Workers AI's model catalogue as {@code GET /accounts/{account}/ai/models/search} pages it (reference §8): model
 * objects with a task and string-valued properties (but for {@code price}), and a v4 {@code result_info}. Ids are
 * name-based UUIDs, so a model keeps its id from run to run as it does on Cloudflare.
 */
final class EmulatedCatalogueSearch {

    /** Wrangler's page size; the reference names no default. */
    static final int DEFAULT_PER_PAGE = 50;
    static final int MAX_PER_PAGE = 100;
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    /** Capabilities Cloudflare lists as {@code "true"} properties, in the order they are listed. */
    private static final List<Map.Entry<Capability, String>> FLAGS = List.of(
            Map.entry(TOOLS, "function_calling"), Map.entry(REASONING, "reasoning"), Map.entry(VISION, "vision"));

    private EmulatedCatalogueSearch() {
    }

    /**
     * The query parameters the emulator honours; the other filters of the live API ({@code author}, {@code search},
     * ...) are ignored.
     *
     * @param task a task name such as {@code Text Generation}, or null for all tasks
     */
    record Query(int page, int perPage, String task) {

        /** Missing, malformed or non-positive numbers fall back to the defaults; {@code per_page} is capped. */
        static Query of(String page, String perPage, String task) {
            return new Query(positive(page, 1), Math.min(MAX_PER_PAGE, positive(perPage, DEFAULT_PER_PAGE)), task);
        }

        private static int positive(String value, int fallback) {
            try {
                int number = Integer.parseInt(value);
                return number > 0 ? number : fallback;
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
    }

    /** One page of the models the query selects, and its {@code result_info}. */
    record Page(JsonArray models, JsonObject info) {
    }

    static Page page(Collection<WorkersAiModel> catalogue, Query query) {
        List<WorkersAiModel> selected = catalogue.stream()
                .filter(m -> query.task() == null || m.task().label().equalsIgnoreCase(query.task()))
                .toList();
        long from = Math.min(selected.size(), (long) (query.page() - 1) * query.perPage());
        long to = Math.min(selected.size(), from + query.perPage());
        JsonArray models = new JsonArray();
        selected.subList((int) from, (int) to).forEach(m -> models.add(entry(m)));
        JsonObject info = new JsonObject().put("page", query.page()).put("per_page", query.perPage())
                .put("count", models.size()).put("total_count", selected.size());
        return new Page(models, info);
    }

    private static JsonObject entry(WorkersAiModel model) {
        return new JsonObject()
                .put("id", UUID.nameUUIDFromBytes(model.id().getBytes(StandardCharsets.UTF_8)).toString())
                .put("source", 1)
                .put("name", model.id())
                .put("description", model.task().label() + " model served by the Flaregate Workers AI emulator.")
                .put("created_at", CREATED_AT.format(Instant.ofEpochSecond(model.created())))
                .put("tags", new JsonArray())
                .put("task", task(model.task()))
                .put("properties", properties(model));
    }

    /** Ids and descriptions as Cloudflare's catalogue has them (reference §8). */
    private static JsonObject task(Task task) {
        return switch (task) {
            case TEXT_GENERATION -> taskObject("c329a1f9-323d-4e91-b2aa-582dd4188d34", task,
                    "Family of generative text models, such as large language models (LLM), that can be adapted "
                            + "for a variety of natural language tasks.");
            case TEXT_EMBEDDINGS -> taskObject("0137cdcf-162a-4108-94f2-1ca59e8c65ee", task,
                    "Feature extraction models transform raw data into numerical features that can be processed "
                            + "while preserving the information in the original dataset. These models are ideal as "
                            + "part of building vector search applications or Retrieval Augmented Generation "
                            + "workflows with Large Language Models (LLM).");
        };
    }

    private static JsonObject taskObject(String id, Task task, String description) {
        return new JsonObject().put("id", id).put("name", task.label()).put("description", description);
    }

    /** Property values are strings, as in Cloudflare's schema. */
    private static JsonArray properties(WorkersAiModel model) {
        JsonArray properties = new JsonArray();
        if (model.contextWindow() != null) {
            properties.add(property("context_window", model.contextWindow()));
        }
        FLAGS.stream().filter(flag -> model.has(flag.getKey()))
                .forEach(flag -> properties.add(property(flag.getValue(), true)));
        if (model.embedding() != null) {
            properties.add(property("output_dimensions", model.embedding().dimensions()));
        }
        if (model.price() != null) {
            properties.add(new JsonObject().put("property_id", "price").put("value", price(model.price())));
        }
        return properties;
    }

    /** The one structured property: dollars per million tokens, a side without a rate left out (reference §8). */
    private static JsonArray price(Price price) {
        JsonArray rates = new JsonArray();
        if (price.inputNeuronsPerMillion() > 0) {
            rates.add(rate("per M input tokens", price.inputNeuronsPerMillion()));
        }
        if (price.outputNeuronsPerMillion() > 0) {
            rates.add(rate("per M output tokens", price.outputNeuronsPerMillion()));
        }
        return rates;
    }

    private static JsonObject rate(String unit, double neuronsPerMillion) {
        return new JsonObject().put("unit", unit).put("price", neuronsPerMillion * Price.USD_PER_NEURON)
                .put("currency", "USD");
    }

    private static JsonObject property(String id, Object value) {
        return new JsonObject().put("property_id", id).put("value", String.valueOf(value));
    }
}
