package dev.flaregate.workersai;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * Workers AI's REST API, relative to {@link WorkersAiTarget#runBase()} for model calls (Cloudflare's
 * {@code /accounts/{account}/ai/run} or an AI Gateway's {@code /workers-ai/run}) and to
 * {@link WorkersAiTarget#apiBase()} for the catalogue. Model ids keep their slashes in the path
 * ({@code /run/@cf/meta/...}), hence {@code @Encoded}: {@link dev.flaregate.models.ModelCatalogue} lets only plain
 * path segments through.
 */
@Consumes(MediaType.APPLICATION_JSON)
interface WorkersAiApi {

    @POST
    @Path("/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<WorkersAiEnvelope<TextGenerationResult>> generate(@PathParam("model") @Encoded String model,
            TextGenerationRequest body);

    @POST
    @Path("/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<WorkersAiEnvelope<EmbeddingResult>> embed(@PathParam("model") @Encoded String model, EmbeddingInput body);

    @GET
    @Path("/accounts/{account}/ai/models/search")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<WorkersAiEnvelope<List<CatalogueEntry>>> searchModels(@PathParam("account") String account,
            @QueryParam("page") int page, @QueryParam("per_page") int perPage);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return WorkersAiErrors.decode(response.getStatus(), response.readEntity(String.class),
                response::getHeaderString);
    }
}
