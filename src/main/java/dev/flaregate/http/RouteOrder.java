package dev.flaregate.http;

/**
 * The order of the gateway's Vert.x route filters, in one place because each relies on those before it: every
 * later filter's log lines and refusals carry the request id, and the observer sees every refusal.
 */
public final class RouteOrder {

    public static final int REQUEST_ID = Integer.MIN_VALUE;
    public static final int REQUEST_OBSERVER = Integer.MIN_VALUE + 1;
    public static final int AI_GATEWAY_HEADERS = Integer.MIN_VALUE + 2;
    public static final int BODY_LIMIT = Integer.MIN_VALUE + 3;
    public static final int SHUTDOWN_DRAIN = Integer.MIN_VALUE + 4;

    private RouteOrder() {
    }
}
