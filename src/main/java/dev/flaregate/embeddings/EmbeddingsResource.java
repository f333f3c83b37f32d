package dev.flaregate.embeddings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.flaregate.openai.EmbeddingList;
import dev.flaregate.openai.EmbeddingRequest;
import io.smallrye.mutiny.Uni;

/** {@code POST /v1/embeddings}. */
@Path("/v1/embeddings")
public class EmbeddingsResource {

    private final EmbeddingsService embeddings;

    EmbeddingsResource(EmbeddingsService embeddings) {
        this.embeddings = embeddings;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<EmbeddingList> create(@Valid @NotNull EmbeddingRequest request) {
        return embeddings.embed(request);
    }
}
