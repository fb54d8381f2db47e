package dev.hearth.backend.portal;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The portal's URL as browsers and hosts reach it ({@code hearth.public-url}; docs/operations.md
 * "Public address and TLS"): what pages print where a participant needs the address, e.g. in the
 * commands they copy. ./hearth up sets it from HEARTH_ADVERTISE_ADDRESS, the Helm chart from its ingress.
 */
@ApplicationScoped
public class PublicUrl {

    private final URI url;

    public PublicUrl(@ConfigProperty(name = PublicUrlConfig.PROPERTY) URI url) {
        String text = url.toString();
        this.url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        if (this.url.getScheme() == null || this.url.getHost() == null) {
            throw new IllegalArgumentException(PublicUrlConfig.PROPERTY + " must be an absolute http(s) URL, was " + url);
        }
    }

    /** Without a trailing slash, e.g. {@code https://hearth.example.org}. */
    public URI url() {
        return url;
    }
}
