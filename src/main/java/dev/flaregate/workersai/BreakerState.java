package dev.flaregate.workersai;

/** Where the Workers AI circuit breaker stands: calling, refusing, or letting a few trial calls through. */
public enum BreakerState {
    CLOSED,
    OPEN,
    HALF_OPEN
}
