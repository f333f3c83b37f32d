package dev.flaregate.workersai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One model of Workers AI's catalogue ({@code GET /accounts/{id}/ai/models/search}). Property values are strings
 * by Cloudflare's schema, but numbers and booleans have been seen too, hence nodes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogueEntry(String name, String description, @JsonProperty("created_at") String createdAt,
        Task task, List<Property> properties) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Task(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Property(@JsonProperty("property_id") String id, JsonNode value) {
    }

    /** A property as text ({@code "128000"}, {@code "true"}), or null when absent or not a single value. */
    public String property(String id) {
        JsonNode value = propertyValue(id);
        return value != null && value.isValueNode() ? value.asText() : null;
    }

    /** A property's value as sent, for the structured ones ({@code price} is an array); or null when absent. */
    public JsonNode propertyValue(String id) {
        if (properties == null) {
            return null;
        }
        for (Property p : properties) {
            if (id.equals(p.id()) && p.value() != null) {
                return p.value();
            }
        }
        return null;
    }
}
