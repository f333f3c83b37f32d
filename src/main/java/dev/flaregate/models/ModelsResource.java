package dev.flaregate.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.flaregate.error.ApiError;
import dev.flaregate.openai.ModelList;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: the catalogue and the aliases. Model ids contain slashes
 * ({@code /v1/models/@cf/meta/llama-3.1-8b-instruct}), so the id is the whole rest of the path.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelCatalogue catalogue;

    ModelsResource(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    public ModelList list() {
        List<ModelList.Model> data = new ArrayList<>();
        for (WorkersAiModel model : catalogue.models()) {
            data.add(ModelEntries.of(model.id(), model, null));
        }
        for (Map.Entry<String, String> alias : catalogue.aliases().entrySet()) {
            data.add(ModelEntries.alias(alias.getKey(), alias.getValue(), catalogue.find(alias.getValue())));
        }
        return new ModelList(data);
    }

    @GET
    @Path("/{id: .+}")
    public ModelList.Model get(@PathParam("id") String id) {
        String target = catalogue.aliases().get(id);
        if (target != null) {
            return ModelEntries.alias(id, target, catalogue.find(target));
        }
        return catalogue.find(id)
                .map(model -> ModelEntries.of(id, model, null))
                .orElseThrow(() -> new ApiError(404, "invalid_request_error", "model_not_found", "model",
                        "The model '" + id + "' does not exist", null));
    }
}
