package dev.hearth.backend.identity;

import java.util.Arrays;
import java.util.Optional;

/** What an API token may do. A person signed in through OIDC holds every scope their roles allow. */
public enum Scope {
    CLUSTERS_READ("clusters:read"),
    CLUSTERS_WRITE("clusters:write"),
    TOKENS("tokens"),
    HOSTS_ADMIN("hosts:admin"),
    /** Classrooms: an instructor's boards and actions, and a participant's join (issue 6). */
    CLASSROOMS("classrooms");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Scope> fromValue(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return value;
    }
}
