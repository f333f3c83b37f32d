package dev.flaregate.images;

import java.util.Base64;

/** A fetched image, ready to be sent to Workers AI the only way it takes one: as a {@code data:} URL. */
record RemoteImage(String mediaType, byte[] bytes) {

    String dataUrl() {
        return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
