package dev.hearth.wasmnode.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to one registry endpoint about one repository, as the distribution spec's pull workflow
 * describes: {@code GET /v2/<name>/manifests/<reference>} and {@code /blobs/<digest>}, answering a
 * {@code 401} challenge with HTTP Basic or a bearer token from the challenge's realm
 * (https://distribution.github.io/distribution/spec/auth/token/), and following blob redirects without
 * handing the registry's credentials to the storage host they point at. One per pull: the token it
 * earns is good for that repository only.
 */
final class RegistrySession {

    /** A manifest as served. */
    record Fetched(byte[] body, String contentType) {}

    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpClient http;
    private final URI endpoint;
    private final String repository;
    private final Optional<RegistryCredentials> credentials;
    private final Duration timeout;
    private String authorization;

    RegistrySession(HttpClient http, URI endpoint, String repository, Optional<RegistryCredentials> credentials,
            Duration timeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.repository = repository;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Fetches a manifest by tag or digest; at most {@code limit} bytes are accepted. */
    Fetched manifest(String reference, int limit) {
        HttpResponse<InputStream> response = get("manifests/" + reference, MediaTypes.MANIFEST_ACCEPT);
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new ImagePullException(ImagePullException.Kind.INVALID, "the manifest " + reference
                        + " is larger than " + limit + " bytes");
            }
            return new Fetched(bytes, response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Opens a blob's content; the caller reads and closes it. */
    InputStream blob(Digest digest) {
        return get("blobs/" + digest, "*/*").body();
    }

    private HttpResponse<InputStream> get(String path, String accept) {
        URI uri = endpoint.resolve(endpoint.getPath() + "/v2/" + repository + "/" + path);
        HttpResponse<InputStream> response = send(uri, accept, authorization);
        if (response.statusCode() == 401 && credentialsForChallenge(response)) {
            discard(response);
            response = send(uri, accept, authorization);
        }
        for (int hops = 0; isRedirect(response.statusCode()) && hops < MAX_REDIRECTS; hops++) {
            URI next = uri.resolve(response.headers().firstValue("Location").orElseThrow(() -> new ImagePullException(
                    ImagePullException.Kind.INVALID, "the registry redirected without a Location")));
            discard(response);
            // A blob store the registry redirects to gets no registry credentials (as Docker does).
            boolean sameHost = next.getAuthority() != null && next.getAuthority().equals(uri.getAuthority());
            response = send(next, accept, sameHost ? authorization : null);
            uri = next;
        }
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        return response;
    }

    private HttpResponse<InputStream> send(URI uri, String accept, String auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).GET();
        if (auth != null) {
            request.header("Authorization", auth);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePullException(ImagePullException.Kind.UNREACHABLE, "the pull was interrupted", e);
        }
    }

    /**
     * Works out the {@code Authorization} header the challenge asks for; false when there is nothing
     * new to try (so the 401 stands, with the registry's message).
     */
    private boolean credentialsForChallenge(HttpResponse<InputStream> response) {
        if (authorization != null) {
            return false;
        }
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        if (challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            authorization = "Bearer " + token(params(challenge));
            return true;
        }
        if (challenge.regionMatches(true, 0, "Basic", 0, 5) && credentials.isPresent()) {
            authorization = credentials.get().basic();
            return true;
        }
        return false;
    }

    /** A bearer token for pulling this repository, anonymous unless the pod has credentials. */
    private String token(Map<String, String> challenge) {
        String realm = challenge.get("realm");
        if (realm == null) {
            throw new ImagePullException(ImagePullException.Kind.UNAUTHORIZED, "the registry's bearer challenge names no realm");
        }
        StringBuilder query = new StringBuilder();
        Optional.ofNullable(challenge.get("service")).ifPresent(service -> query.append("service=").append(encode(service)));
        String scope = challenge.getOrDefault("scope", "repository:" + repository + ":pull");
        query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(scope));
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpResponse<InputStream> response = send(uri, "application/json", credentials.map(RegistryCredentials::basic).orElse(null));
        if (response.statusCode() != 200) {
            ImagePullException failure = failure(response);
            throw new ImagePullException(ImagePullException.Kind.UNAUTHORIZED, "the registry's token service refused: "
                    + failure.getMessage());
        }
        try (InputStream body = response.body()) {
            var json = Manifest.JSON.readTree(body.readNBytes(MAX_ERROR_BODY));
            String token = json.path("token").asText(json.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new ImagePullException(ImagePullException.Kind.UNAUTHORIZED, "the registry's token service gave no token");
            }
            return token;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private static Map<String, String> params(String challenge) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAM.matcher(challenge);
        while (matcher.find()) {
            params.put(matcher.group(1).toLowerCase(), matcher.group(2));
        }
        return params;
    }

    private ImagePullException failure(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            body = new byte[0];
        }
        int status = response.statusCode();
        return new ImagePullException(RegistryErrors.kind(status), RegistryErrors.message(status, body)
                + " (HTTP " + status + " from " + endpoint + ")");
    }

    private ImagePullException unreachable(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ImagePullException(ImagePullException.Kind.UNREACHABLE, "cannot reach " + endpoint + ": " + why, e);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.skip(Long.MAX_VALUE);
        } catch (IOException e) {
            // Only draining it so the connection can be reused.
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
