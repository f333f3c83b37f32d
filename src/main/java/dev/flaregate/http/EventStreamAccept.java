package dev.flaregate.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The OpenAI endpoints answer JSON or a stream from one method that produces JSON (see
 * {@code ChatResource}), so a client that accepts only {@code text/event-stream} would get a 406. Such a client
 * asks for the stream we send anyway; let it match.
 */
class EventStreamAccept {

    @ServerRequestFilter(preMatching = true)
    void acceptJsonWithEventStream(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains(MediaType.SERVER_SENT_EVENTS) && !accept.contains("json")
                && !accept.contains("*/*")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept + ", " + MediaType.APPLICATION_JSON);
        }
    }
}
