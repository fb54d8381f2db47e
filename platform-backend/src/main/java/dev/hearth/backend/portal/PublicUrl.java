package dev.hearth.backend.portal;

import io.smallrye.config.ConfigMapping;
import java.net.URI;

/**
 * {@code hearth.public-url}: the portal's URL as browsers and hosts reach it (docs/operations.md "Public
 * address and TLS"); what pages print where a participant needs the address, e.g. in the commands they
 * copy. ./hearth up sets it from HEARTH_ADVERTISE_ADDRESS; {@link PublicUrlConfig} derives what an https
 * URL implies.
 */
@ConfigMapping(prefix = "hearth")
public interface PublicUrl {

    URI publicUrl();

    /** The URL as text without a trailing slash, ready for a path to be appended. */
    static String base(PublicUrl settings) {
        return settings.publicUrl().toString().replaceFirst("/+$", "");
    }
}
