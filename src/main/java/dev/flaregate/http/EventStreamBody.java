package dev.flaregate.http;

import io.smallrye.mutiny.Multi;

/** An event stream whose first frame has arrived: the answer of a streaming request, for {@link EventStreamWriter}. */
record EventStreamBody(Multi<byte[]> frames) {
}
