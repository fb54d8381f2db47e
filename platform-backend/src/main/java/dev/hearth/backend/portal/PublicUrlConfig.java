package dev.hearth.backend.portal;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * What {@code hearth.public-url} — the portal's URL as browsers and hosts reach it, the one setting of
 * docs/operations.md "Public address and TLS" — implies for Quarkus. An {@code https} URL means a TLS
 * ingress in front of a plain-HTTP backend: the backend then honours the proxy's forwarded headers
 * (so the OIDC {@code redirect_uri} it builds says https and the public host) and marks its session
 * cookies {@code Secure}. A plain {@code http} URL (./hearth up, with or without an advertise address)
 * changes nothing: no forwarded header is believed from a client that talks to the backend directly.
 *
 * <p>A low ordinal: an operator's explicit {@code quarkus.http.proxy.*} (e.g. {@code trusted-proxies})
 * or cookie setting wins.
 */
public final class PublicUrlConfig implements ConfigSourceFactory {

    static final String PROPERTY = "hearth.public-url";
    private static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue(PROPERTY);
        return List.of(new PropertiesConfigSource(implied(url == null ? null : url.getValue()), "hearth.public-url implications",
                ORDINAL));
    }

    /** The Quarkus settings a public URL implies (empty for http or unset). */
    static Map<String, String> implied(String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank() || !"https".equalsIgnoreCase(URI.create(publicUrl.strip()).getScheme())) {
            return Map.of();
        }
        return Map.of(
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.enable-forwarded-host", "true",
                "quarkus.oidc.authentication.cookie-force-secure", "true");
    }
}
