package dev.flaregate.http;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * Gives every response an {@code x-request-id}, as OpenAI does: the SDKs surface it ({@code _request_id}) and users
 * quote it in bug reports. A well-formed id sent by the client (or a proxy in front) is kept.
 */
class RequestIds {

    static final String HEADER = "x-request-id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String incoming = ctx.request().getHeader(HEADER);
            String id = incoming != null && ACCEPTABLE.matcher(incoming).matches() ? incoming
                    : "req_" + UUID.randomUUID().toString().replace("-", "");
            ctx.response().putHeader(HEADER, id);
            ctx.next();
        });
    }
}
