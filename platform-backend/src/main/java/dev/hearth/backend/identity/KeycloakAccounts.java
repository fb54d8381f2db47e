package dev.hearth.backend.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A person's current standing in Keycloak, the source of truth for roles: whether their account is
 * enabled, and their effective realm roles. API tokens act with this, not with the roles of the
 * person's last sign-in, so disabling or demoting someone in Keycloak reaches their tokens within
 * {@code hearth.identity.account-cache} (docs/security.md, "Browser and API tokens").
 *
 * <p>Asked through Keycloak's admin API as the hearth-portal client's service account, which holds
 * only realm-management's {@code view-users} role (deploy/keycloak/hearth-realm.json).
 */
@ApplicationScoped
public class KeycloakAccounts {

    /** What Keycloak says about one person now. */
    public record Account(boolean enabled, Set<String> realmRoles) {
    }

    private record Cached(Optional<Account> account, Instant fetchedAt) {
    }

    private record ServiceToken(String value, Instant renewAt) {
    }

    /** Keycloak could not be asked and no recent enough answer is at hand. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final IdentitySettings settings;
    private final Clock clock;
    private final String realmUrl;
    private final String clientId;
    private final String clientSecret;
    private volatile ServiceToken serviceToken;

    public KeycloakAccounts(IdentitySettings settings, Clock clock,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl,
            @ConfigProperty(name = "quarkus.oidc.client-id") String clientId,
            @ConfigProperty(name = "quarkus.oidc.credentials.secret") String clientSecret) {
        this.settings = settings;
        this.clock = clock;
        this.realmUrl = realmUrl.replaceAll("/$", "");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** The person with OIDC subject {@code subject}, or empty when Keycloak no longer knows them. */
    public Optional<Account> current(String subject) {
        Instant now = clock.instant();
        Cached cached = cache.get(subject);
        if (cached != null && now.isBefore(cached.fetchedAt().plus(settings.accountCache()))) {
            return cached.account();
        }
        try {
            Optional<Account> fresh = fetch(subject);
            if (cache.size() >= settings.accountCacheSize()) {
                cache.clear();
            }
            cache.put(subject, new Cached(fresh, now));
            return fresh;
        } catch (IOException | RuntimeException e) {
            if (cached != null && now.isBefore(cached.fetchedAt().plus(settings.accountStaleLimit()))) {
                return cached.account();
            }
            throw new Unavailable("cannot ask Keycloak about the token's owner: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking Keycloak about the token's owner", e);
        }
    }

    private Optional<Account> fetch(String subject) throws IOException, InterruptedException {
        String user = adminUrl() + "/users/" + URLEncoder.encode(subject, StandardCharsets.UTF_8);
        HttpResponse<String> account = get(user);
        if (account.statusCode() == 404) {
            return Optional.empty();
        }
        requireOk(account, "user");
        HttpResponse<String> roles = get(user + "/role-mappings/realm/composite");
        requireOk(roles, "realm roles");
        Set<String> names = new HashSet<>();
        for (JsonNode role : JSON.readTree(roles.body())) {
            names.add(role.path("name").asText());
        }
        return Optional.of(new Account(JSON.readTree(account.body()).path("enabled").asBoolean(false), Set.copyOf(names)));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + serviceToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The service account's own access token (client credentials), reused until shortly before it expires. */
    private String serviceToken() throws IOException, InterruptedException {
        ServiceToken current = serviceToken;
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return current.value();
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        requireOk(response, "service account token");
        JsonNode body = JSON.readTree(response.body());
        long lifetime = body.path("expires_in").asLong(60);
        ServiceToken fresh = new ServiceToken(body.path("access_token").asText(),
                clock.instant().plusSeconds(Math.max(5, lifetime - 30)));
        serviceToken = fresh;
        return fresh.value();
    }

    private String adminUrl() {
        // https://kc/realms/hearth → https://kc/admin/realms/hearth
        int at = realmUrl.lastIndexOf("/realms/");
        return realmUrl.substring(0, at) + "/admin" + realmUrl.substring(at);
    }

    private static void requireOk(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak answered HTTP " + response.statusCode() + " for the " + what);
        }
    }
}
