package dev.hearth.backend.portal;

import dev.hearth.backend.identity.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * Who is looking at the page, as the layout needs it ({@code {inject:viewer.name}}): signed in or
 * not, a display name, and whether the admin navigation shows. It only asks {@link Caller}, the
 * one place that resolves identities; scoping data stays the services' job.
 */
@Named("viewer")
@RequestScoped
public class Viewer {

    private final Caller caller;

    public Viewer(Caller caller) {
        this.caller = caller;
    }

    public boolean signedIn() {
        return caller.isAuthenticated();
    }

    public String name() {
        return signedIn() ? caller.username() : "";
    }

    /** The avatar letter. */
    public String initial() {
        String name = name();
        return name.isEmpty() ? "?" : name.substring(0, 1);
    }

    public boolean admin() {
        return signedIn() && caller.isAdmin();
    }
}
