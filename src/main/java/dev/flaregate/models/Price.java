package dev.flaregate.models;

/**
 * What Workers AI charges for a model, in neurons per million tokens, the unit Cloudflare bills in. A side for which
 * Cloudflare publishes no rate (the output of an embedding model) is 0.
 *
 * @param inputNeuronsPerMillion   neurons per million input (prompt) tokens
 * @param outputNeuronsPerMillion  neurons per million output (completion) tokens
 */
public record Price(double inputNeuronsPerMillion, double outputNeuronsPerMillion) {

    /** Workers AI's price of a neuron: $0.011 per 1,000 (wire-format reference §10.3). */
    public static final double USD_PER_NEURON = 0.011 / 1_000;

    /** The catalogue API states prices in dollars per million tokens; the gateway counts in neurons. */
    public static double neuronsPerMillion(double usdPerMillion) {
        return usdPerMillion / USD_PER_NEURON;
    }

    public double neurons(long inputTokens, long outputTokens) {
        return (inputTokens * inputNeuronsPerMillion + outputTokens * outputNeuronsPerMillion) / 1_000_000;
    }
}
