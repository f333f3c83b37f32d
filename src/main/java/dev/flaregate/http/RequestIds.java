package dev.flaregate.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;

/**
 * Gives every response an {@code x-request-id}, as OpenAI does: the SDKs surface it ({@code _request_id}) and users
 * quote it in bug reports. A well-formed id sent by the client (or a proxy in front) is kept. The id also goes into
 * the logging context ({@code request_id}), so that every log line of the request names it and the Workers AI
 * client can send it upstream.
 */
public class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String MDC_KEY = "request_id";
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void install(@Observes Router router) {
        router.route().order(RouteOrder.REQUEST_ID).handler(ctx -> {
            String incoming = ctx.request().getHeader(HEADER);
            String id = incoming != null && ACCEPTABLE.matcher(incoming).matches() ? incoming
                    : newId();
            ctx.response().putHeader(HEADER, id);
            MDC.put(MDC_KEY, id);
            ctx.next();
        });
    }

    /**
     * 128 random bits in hex. Unique is all an id must be: {@code UUID.randomUUID} would draw them from the shared
     * {@code SecureRandom} on every request.
     */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
