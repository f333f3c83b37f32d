package dev.flaregate.limits;

import java.util.List;

import io.smallrye.mutiny.Uni;

/** Where limits are counted: in this process, or in Redis for all replicas together. */
interface LimitStore {

    /**
     * Evaluates every check of one owner at one instant. Unless {@code force}, the units are consumed only when
     * every check fits, so a refused request uses up nothing; with {@code force} they are consumed regardless.
     */
    Uni<List<Outcome>> apply(String owner, List<Check> checks, boolean force);
}
