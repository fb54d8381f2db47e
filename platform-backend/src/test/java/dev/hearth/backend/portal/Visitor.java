package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * One person at the portal: their own browser context, signed in through the real Keycloak login
 * page. Elements are found by role and accessible name (aria-label), as a screen reader would.
 */
final class Visitor implements AutoCloseable {

    private final BrowserContext context;
    private final Page page;
    private final String app;
    private final String prefix;
    private int shots;
    /** Script errors the portal's pages raised: uncaught exceptions and Content-Security-Policy refusals. */
    private final List<String> scriptErrors = new CopyOnWriteArrayList<>();

    Visitor(BrowserContext context, URL app, String prefix) {
        this.context = context;
        this.page = context.newPage();
        this.page.setDefaultTimeout(15_000);
        // hx-confirm asks with the browser's own dialog: a person would click OK.
        this.page.onDialog(dialog -> dialog.accept());
        this.page.onPageError(error -> scriptErrors.add(error));
        this.page.onConsoleMessage(message -> {
            if ("error".equals(message.type()) && message.text().contains("Content Security Policy")) {
                scriptErrors.add(message.text());
            }
        });
        String base = app.toString();
        this.app = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.prefix = prefix;
    }

    Page page() {
        return page;
    }

    /** What went wrong in the pages' scripts so far; a person would not see it, only what stopped working. */
    List<String> scriptErrors() {
        return List.copyOf(scriptErrors);
    }

    BrowserContext context() {
        return context;
    }

    String url(String path) {
        return app + path;
    }

    /** Landing page → "Sign in" → Keycloak's login form → back on "My clusters". */
    Visitor signIn(String user) {
        page.navigate(url("/"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your own Kubernetes, in seconds")))
                .isVisible();
        screenshot("landing");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL(Pattern.compile(".*/realms/hearth/.*"));
        page.getByLabel("Username or email").fill(user);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(user);
        screenshot("keycloak-login");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();
        page.waitForURL(url("/clusters"));
        assertThat(heading("My clusters")).isVisible();
        assertThat(page.getByLabel("User menu for " + user)).isVisible();
        return this;
    }

    Visitor open(String path) {
        page.navigate(url(path));
        return this;
    }

    Locator heading(String name) {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator link(String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator field(String name) {
        return page.getByLabel(name, new Page.GetByLabelOptions().setExact(true));
    }

    Locator row(String name) {
        return page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Saves the page as it looks now to target/screenshots/<prefix>-<n>-<name>.png. */
    void screenshot(String name) {
        shots++;
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(PortalBrowser.SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", prefix, shots, name))));
    }

    @Override
    public void close() {
        context.close();
    }
}
