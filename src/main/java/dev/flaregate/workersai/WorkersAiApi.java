package dev.flaregate.workersai;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The Cloudflare API's model catalogue, relative to {@link WorkersAiTarget#apiBase()}. Model calls, which every
 * request makes, go through {@link ModelCalls} instead.
 */
@Consumes(MediaType.APPLICATION_JSON)
interface WorkersAiApi {

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
