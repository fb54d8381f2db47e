package dev.hearth.backend.identity;

/** Realm roles of the Keycloak realm {@code hearth} (docs/architecture.md, "The backend"). */
public final class Role {

    public static final String PARTICIPANT = "participant";
    public static final String INSTRUCTOR = "instructor";
    public static final String ADMIN = "admin";

    private Role() {
    }
}
