package dev.flaregate.models;

/** A closed numeric interval a Workers AI model accepts for one sampling parameter. */
public record Range(double min, double max) {

    public double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }
}
