package dev.hearth.backend.portal;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * Who is looking at the page, as the layout needs it ({@code {inject:viewer.name}}): signed in or
 * not, a display name, and whether the admin navigation shows. Scoping data to the caller is the
 * services' job; this only decides what the header shows.
 */
@Named("viewer")
@RequestScoped
public class Viewer {

    private final SecurityIdentity identity;

    public Viewer(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean signedIn() {
        return !identity.isAnonymous();
    }

    public String name() {
        return signedIn() ? identity.getPrincipal().getName() : "";
    }

    /** The avatar letter. */
    public String initial() {
        String name = name();
        return name.isEmpty() ? "?" : name.substring(0, 1);
    }

    public boolean admin() {
        return identity.hasRole("admin");
    }
}
