package dev.flaregate.http;

/**
 * The order of the gateway's Vert.x route filters, in one place because each relies on those before it: every
 * later filter's log lines and refusals carry the request id, and the observer sees every refusal.
 */
public final class RouteOrder {

    public static final int REQUEST_ID = Integer.MIN_VALUE;
    public static final int REQUEST_OBSERVER = Integer.MIN_VALUE + 1;
    /** After the observer, so that the refusal is counted and logged, and before anything reads headers or the body. */
    public static final int PATH_SEGMENTS = Integer.MIN_VALUE + 2;
    public static final int AI_GATEWAY_HEADERS = Integer.MIN_VALUE + 3;
    public static final int SHUTDOWN_DRAIN = Integer.MIN_VALUE + 4;
    /**
     * Right after Quarkus' CORS filter (priority 300, so route order -300): a preflight, which carries no key by
     * design, is answered there, and a 401 gets the CORS headers that let a page read it.
     */
    public static final int AUTHENTICATION = -300 + 1;
    /** Bodies are read only once the key has been checked, and before JAX-RS, which would read them itself. */
    public static final int REQUEST_BODIES = AUTHENTICATION + 1;
    /** After every failure handler of the gateway's own, before Quarkus' error page, which is the last route. */
    public static final int CLIENT_MISTAKES = Integer.MAX_VALUE - 1;

    private RouteOrder() {
    }
}
