package dev.flaregate.workersai;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.MDC;

import dev.flaregate.http.AiGatewayHeaders;
import dev.flaregate.http.RequestIds;

/**
 * Headers of every upstream call: the Cloudflare API token (and AI Gateway's, when set), kept out of everything
 * else; the client's request id, so that one id follows a request through the gateway's logs and Cloudflare's;
 * and, through AI Gateway, the client's {@code cf-aig-*} headers out and AI Gateway's answer headers back.
 */
final class UpstreamHeaders implements ClientRequestFilter {

    private static final String GATEWAY_AUTHORIZATION = "cf-aig-authorization";

    private final String authorization;
    private final Optional<String> gatewayAuthorization;
    private final boolean throughGateway;

    private UpstreamHeaders(String apiToken, Optional<String> gatewayAuthorization, boolean throughGateway) {
        this.authorization = "Bearer " + apiToken;
        this.gatewayAuthorization = gatewayAuthorization;
        this.throughGateway = throughGateway;
    }

    /** For model calls, which go through AI Gateway when one is configured. */
    static UpstreamHeaders forModelCalls(WorkersAiTarget target) {
        return new UpstreamHeaders(target.apiToken(), target.gatewayAuthorization(), target.throughGateway());
    }

    /** For the Cloudflare API itself (the catalogue), which AI Gateway's token and headers are not for. */
    static UpstreamHeaders forApi(WorkersAiTarget target) {
        return new UpstreamHeaders(target.apiToken(), Optional.empty(), false);
    }

    @Override
    public void filter(ClientRequestContext request) {
        addTo(request.getHeaders()::putSingle);
    }

    /** Puts the headers of an upstream call: model calls' and, as a REST client filter, the catalogue's. */
    void addTo(BiConsumer<String, String> request) {
        request.accept(HttpHeaders.AUTHORIZATION, authorization);
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            request.accept(RequestIds.HEADER, requestId.toString());
        }
        if (throughGateway) {
            AiGatewayHeaders.forwarded().forEach(request);
            gatewayAuthorization.ifPresent(value -> request.accept(GATEWAY_AUTHORIZATION, value));
        }
    }

    /** Passes AI Gateway's answer headers on to the client's response; model calls only go through AI Gateway. */
    void readFrom(UnaryOperator<String> response) {
        if (throughGateway) {
            for (String name : AiGatewayHeaders.ANSWERED) {
                String value = response.apply(name);
                if (value != null) {
                    AiGatewayHeaders.answer(name, value);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "UpstreamHeaders[tokens redacted]";
    }
}
