package dev.hearth.system;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged backend ({@code platform-backend/target/quarkus-app}) as a process in its production
 * profile: a free loopback port, the run's own database, the real Keycloak, a random kubeconfig key.
 */
public final class Backend {

    private static final Duration READY_WITHIN = Duration.ofMinutes(2);

    private final ManagedProcess process;
    private final URI url;
    private final HearthApi api;

    private Backend(ManagedProcess process, URI url, HearthApi api) {
        this.process = process;
        this.url = url;
        this.api = api;
    }

    /** Starts it with {@code overrides} on top of the run's settings and waits until it is ready. */
    static Backend start(String runId, Map<String, String> overrides) {
        // A fixed port when asked for one: the browser test needs one the Keycloak realm redirects to.
        int port = overrides.containsKey("quarkus.http.port") ? Integer.parseInt(overrides.get("quarkus.http.port"))
                : FreePorts.next();
        // Loopback unless asked for another of this machine's addresses (the veth end a second host reaches).
        String host = overrides.getOrDefault("quarkus.http.host", "127.0.0.1");
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.http.host", host);
        properties.put("quarkus.http.port", Integer.toString(port));
        properties.put("quarkus.datasource.jdbc.url", SystemDatabase.jdbcUrl());
        properties.put("quarkus.datasource.username", SystemDatabase.USER);
        properties.put("quarkus.datasource.password", SystemDatabase.PASSWORD);
        properties.put("hearth.kubeconfig-key", randomKey());
        // The tests hold several clusters under one user at once.
        properties.put("hearth.quota.max-clusters-per-user", "20");
        properties.putAll(overrides);
        URI url = URI.create("http://" + host + ":" + port);
        ManagedProcess process = new ManagedProcess("backend",
                JavaCommand.of(RunPaths.quarkusApp("platform-backend"), "384m", properties),
                RunPaths.logs().resolve("backend-" + runId + ".log"));
        // A backend on a realm of the test's own (TestRealm) gets its admin's tokens from that realm.
        String realm = properties.getOrDefault("quarkus.oidc.auth-server-url", "/realms/hearth").replaceFirst(".*/realms/", "");
        Backend backend = new Backend(process, url, new HearthApi(url, new KeycloakTokens(realm, "admin")));
        process.start();
        Waits.until("the backend's /q/health/ready on " + url, READY_WITHIN, () -> {
            if (!process.alive()) {
                throw new AssertionError("the backend exited during start-up");
            }
            return backend.api.ready();
        });
        return backend;
    }

    /**
     * {@code kill -9} and start again on the same port, database and kubeconfig key (as the local
     * supervisor does, docs/operations.md); returns when it is ready, with the time from the kill.
     */
    public Duration crashAndRestart() {
        long killed = System.nanoTime();
        process.kill();
        process.start();
        Waits.until("the restarted backend's /q/health/ready on " + url, READY_WITHIN, () -> {
            if (!process.alive()) {
                throw new AssertionError("the backend exited during its restart");
            }
            return api.ready();
        });
        return Duration.ofNanos(System.nanoTime() - killed);
    }

    public URI url() {
        return url;
    }

    /** The API as the {@code admin} user (admin and participant roles). */
    public HearthApi api() {
        return api;
    }

    ManagedProcess process() {
        return process;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
