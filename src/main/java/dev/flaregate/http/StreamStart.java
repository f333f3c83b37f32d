package dev.flaregate.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A stream seen as "its start" and "the rest". The start is a {@link Uni} that completes with the whole stream
 * once its first item has arrived, or fails if the stream fails before that. Fault tolerance, which guards
 * {@code Uni}s only, can then time, retry and count a stream's start while nothing has reached the client yet; and
 * a stream to a client gets a real HTTP status for a failure before its first event.
 */
public final class StreamStart {

    private StreamStart() {
    }

    public static <T> Uni<Multi<T>> of(Multi<T> source) {
        return Uni.createFrom().emitter(started -> {
            UnicastProcessor<T> rest = UnicastProcessor.create();
            AtomicBoolean begun = new AtomicBoolean();
            AtomicReference<Cancellable> subscription = new AtomicReference<>();
            Multi<T> whole = rest.onCancellation().invoke(() -> subscription.get().cancel());
            subscription.set(source.subscribe().with(
                    item -> {
                        rest.onNext(item);
                        if (begun.compareAndSet(false, true)) {
                            started.complete(whole);
                        }
                    },
                    failure -> {
                        if (begun.get()) {
                            rest.onError(failure);
                        } else {
                            started.fail(failure);
                        }
                    },
                    () -> {
                        rest.onComplete();
                        if (begun.compareAndSet(false, true)) {
                            started.complete(whole);
                        }
                    }));
            // Given up before the first item (a timeout, a cancelled request): close the upstream call.
            started.onTermination(() -> {
                if (!begun.get()) {
                    subscription.get().cancel();
                }
            });
        });
    }
}
