package dev.hearth.backend.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code hearth.public-url}: the portal's URL as browsers and hosts reach it (set by {@code ./hearth up}
 * from {@code HEARTH_ADVERTISE_ADDRESS}; docs/operations.md "Public address and TLS"). Everything that
 * prints an address for another machine — a host's join command, the install script — reads it here.
 */
@ConfigMapping(prefix = "hearth")
public interface PublicAddress {

    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** The public URL without a trailing slash, ready for a path to be appended. */
    default String base() {
        String url = publicUrl().strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
