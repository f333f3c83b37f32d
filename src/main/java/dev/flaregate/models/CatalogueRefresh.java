package dev.flaregate.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.flaregate.workersai.WorkersAi;
import dev.flaregate.workersai.WorkersAiTarget;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Keeps the catalogue in step with Workers AI's own when Cloudflare credentials are set: loaded at startup and
 * every {@code flaregate.models.refresh-interval}, in the background. A failed load keeps the list in use (at first
 * the built-in one), so a catalogue outage never stops the gateway.
 */
@ApplicationScoped
class CatalogueRefresh {

    private static final Logger LOG = Logger.getLogger(CatalogueRefresh.class);

    private final ModelCatalogue catalogue;
    private final WorkersAi workersAi;
    private final WorkersAiTarget target;
    private final ModelsConfig config;
    private final Vertx vertx;
    private final Map<String, WorkersAiModel> builtIn = new LinkedHashMap<>();
    private long timer = -1;

    CatalogueRefresh(ModelCatalogue catalogue, WorkersAi workersAi, WorkersAiTarget target, ModelsConfig config,
            Vertx vertx) {
        this.catalogue = catalogue;
        this.workersAi = workersAi;
        this.target = target;
        this.config = config;
        this.vertx = vertx;
        BuiltInModels.ALL.forEach(m -> builtIn.put(m.id(), m));
    }

    void start(@Observes StartupEvent startup) {
        if (target.emulated()) {
            return;
        }
        refresh();
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> refresh());
    }

    void refresh() {
        workersAi.catalogue().subscribe().with(entries -> {
            List<WorkersAiModel> models = LiveCatalogue.toModels(entries, builtIn);
            if (models.isEmpty()) {
                LOG.warnf("Workers AI's catalogue listed no text generation or embedding model; keeping the %d "
                        + "models in use", catalogue.models().size());
                return;
            }
            catalogue.replace(models);
            LOG.infof("Loaded %d models from Workers AI's catalogue", models.size());
        }, failure -> LOG.warnf("Could not load Workers AI's catalogue (%s); keeping the %d models in use",
                failure.getMessage(), catalogue.models().size()));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
