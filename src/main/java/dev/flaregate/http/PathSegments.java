package dev.flaregate.http;

import java.util.Locale;

import jakarta.enterprise.event.Observes;

import dev.flaregate.error.ApiError;
import io.vertx.ext.web.Router;

/**
 * Refuses a path with dot segments ({@code .} or {@code ..}), plain or percent-encoded in any case, before anything
 * routes it. Vert.x resolves them, so {@code /v1/models/%2e%2e/%2e%2e/q/metrics} reached the metrics that the
 * Ingress does not publish; no OpenAI path has such a segment. The segments are judged as every hop on the way
 * might cut them: at encoded slashes and backslashes too (model ids contain encoded slashes, so those alone are let
 * through), with a {@code ;parameter} ignored, and after a second decoding of {@code %25}. A literal backslash
 * never gets here: Quarkus refuses a URL that is not a valid URI first.
 */
public class PathSegments {

    private final EarlyRefusal refusal;

    PathSegments(EarlyRefusal refusal) {
        this.refusal = refusal;
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.PATH_SEGMENTS).handler(ctx -> {
            if (hasDotSegment(ctx.request().path())) {
                refusal.send(ctx, new ApiError(400, "invalid_request_error", "invalid_path", null,
                        "The request path must not contain '.' or '..' segments, plain or percent-encoded", null));
            } else {
                ctx.next();
            }
        });
    }

    /** Whether the raw (undecoded) path has a segment that means "this" or "the parent". */
    public static boolean hasDotSegment(String rawPath) {
        if (rawPath == null || rawPath.indexOf('.') < 0 && rawPath.indexOf('%') < 0) {
            return false;
        }
        String path = rawPath.toLowerCase(Locale.ROOT).replace("%25", "%")
                .replace("%2f", "/").replace("%5c", "/").replace("%2e", ".");
        for (String segment : path.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (name.equals(".") || name.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
