package dev.flaregate.images;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.flaregate.error.ApiError;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Fetches the {@code http(s)} image URLs of chat messages when the operator allows it, with a size limit, a time
 * limit and no way into private networks: the host is resolved first, every address it resolves to must be public,
 * and the connection goes to the address that was checked, so a second DNS answer cannot point it elsewhere.
 * Every hop of a redirect is checked the same way.
 */
@ApplicationScoped
public class ImageFetcher {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Vertx vertx;
    private final ImagesConfig config;
    private final HttpClient client;

    ImageFetcher(Vertx vertx, ImagesConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("remote-images")
                .setConnectTimeout((int) config.fetchTimeout().toMillis())
                .setVerifyHost(true)
                .setForceSni(true)
                .setMaxPoolSize(32));
    }

    public boolean enabled() {
        return config.remoteFetch();
    }

    /** The image at {@code url} as a {@code data:} URL; any failure is a 400 that names {@code param}. */
    public Uni<String> fetchAsDataUrl(String url, String param) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Uni.createFrom().failure(refused(param, "it is not a valid URL"));
        }
        return fetch(uri, config.maxRedirects(), param)
                .ifNoItem().after(config.fetchTimeout())
                .failWith(() -> refused(param, "fetching it took longer than " + config.fetchTimeout().toMillis()
                        + " ms"))
                .map(RemoteImage::dataUrl);
    }

    private Uni<RemoteImage> fetch(URI uri, int redirectsLeft, String param) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Uni.createFrom().failure(refused(param, "only http and https URLs with a host can be fetched"));
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        return resolve(uri.getHost(), param)
                .flatMap(address -> Uni.createFrom().<Answer>emitter(
                        emitter -> new Download(emitter, uri, param).start(address, port, tls)))
                .flatMap(answer -> {
                    if (answer.redirect() == null) {
                        return Uni.createFrom().item(answer.image());
                    }
                    if (redirectsLeft == 0) {
                        return Uni.createFrom().failure(refused(param, "it redirects more than "
                                + config.maxRedirects() + " times"));
                    }
                    return fetch(answer.redirect(), redirectsLeft - 1, param);
                });
    }

    /** DNS resolution blocks, so it runs on a worker thread; the answer is checked before any connection. */
    private Uni<InetAddress> resolve(String host, String param) {
        return Uni.createFrom()
                .completionStage(() -> vertx.executeBlocking(() -> InetAddress.getAllByName(host), false)
                        .toCompletionStage())
                .onFailure(UnknownHostException.class)
                .transform(e -> refused(param, "its host could not be resolved"))
                .map(addresses -> {
                    for (InetAddress address : addresses) {
                        if (!PublicAddresses.isPublic(address, config.allowLoopback())) {
                            throw refused(param, "its host is a private, loopback or reserved address, which the "
                                    + "gateway does not fetch from");
                        }
                    }
                    return addresses[0];
                });
    }

    private static ApiError refused(String param, String why) {
        return new ApiError(400, "invalid_request_error", "invalid_image_url", param,
                "Invalid '" + param + "': the image could not be fetched: " + why, null);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** What one hop gives: an image, or where to look next. */
    private record Answer(RemoteImage image, URI redirect) {
    }

    /** One GET, its body counted as it arrives so that an oversized image is cut off, not buffered. */
    private final class Download {

        private final UniEmitter<? super Answer> emitter;
        private final URI uri;
        private final String param;
        private final long maxBytes;
        private final Buffer body = Buffer.buffer();
        private boolean finished;

        Download(UniEmitter<? super Answer> emitter, URI uri, String param) {
            this.emitter = emitter;
            this.uri = uri;
            this.param = param;
            this.maxBytes = config.maxSize().asLongValue();
        }

        void start(InetAddress address, int port, boolean tls) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                    .setHost(uri.getHost())
                    .setPort(port)
                    .setSsl(tls)
                    .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                    .putHeader("Accept", "image/*")
                    .putHeader("User-Agent", "Flaregate");
            client.request(options)
                    .compose(request -> {
                        // A timeout or a client gone cancels the Uni: the connection is dropped with it.
                        emitter.onTermination(() -> {
                            if (!finished) {
                                request.reset();
                            }
                        });
                        return request.send();
                    })
                    .onSuccess(this::read)
                    .onFailure(e -> fail("the connection to its host failed"));
        }

        private void read(HttpClientResponse response) {
            // Set first: a reset below ends in this handler, which is silent once the answer is settled.
            response.exceptionHandler(e -> fail("the connection to its host broke"));
            int status = response.statusCode();
            String location = response.getHeader("Location");
            if (REDIRECTS.contains(status) && location != null) {
                finish(new Answer(null, uri.resolve(location)), response);
                return;
            }
            if (status != 200) {
                failAndDrop("its host answered HTTP " + status, response);
                return;
            }
            String mediaType = mediaType(response.getHeader("Content-Type"));
            if (!mediaType.startsWith("image/") || mediaType.startsWith("image/svg")) {
                failAndDrop("it is not a raster image (Content-Type '" + mediaType + "')", response);
                return;
            }
            if (declaredLength(response) > maxBytes) {
                failAndDrop(tooLarge(), response);
                return;
            }
            response.handler(chunk -> {
                if (finished) {
                    return;
                }
                if (body.length() + chunk.length() > maxBytes) {
                    failAndDrop(tooLarge(), response);
                } else {
                    body.appendBuffer(chunk);
                }
            });
            response.endHandler(v -> {
                if (!finished) {
                    finished = true;
                    emitter.complete(new Answer(new RemoteImage(mediaType, body.getBytes()), null));
                }
            });
        }

        private String tooLarge() {
            return "it is larger than " + maxBytes + " bytes";
        }

        private void finish(Answer answer, HttpClientResponse response) {
            finished = true;
            response.request().reset();
            emitter.complete(answer);
        }

        private void failAndDrop(String why, HttpClientResponse response) {
            fail(why);
            response.request().reset();
        }

        private void fail(String why) {
            if (!finished) {
                finished = true;
                emitter.fail(refused(param, why));
            }
        }

    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The Content-Length, or -1 when there is none (a chunked body is counted as it arrives). */
    private static long declaredLength(HttpClientResponse response) {
        try {
            String length = response.getHeader("Content-Length");
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
