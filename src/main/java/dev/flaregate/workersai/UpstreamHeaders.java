package dev.flaregate.workersai;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.MDC;

import dev.flaregate.http.RequestIds;

/**
 * Headers of every upstream call: the Cloudflare API token, kept out of everything else, and the client's request
 * id, so that one id follows a request through the gateway's logs and Cloudflare's.
 */
final class UpstreamHeaders implements ClientRequestFilter {

    private final String authorization;

    UpstreamHeaders(String token) {
        this.authorization = "Bearer " + token;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization);
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            request.getHeaders().putSingle(RequestIds.HEADER, requestId);
        }
    }

    @Override
    public String toString() {
        return "UpstreamHeaders[token redacted]";
    }
}
