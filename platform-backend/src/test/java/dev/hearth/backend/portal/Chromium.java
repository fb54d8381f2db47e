package dev.hearth.backend.portal;

import java.net.URL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser tests' shared set-up, once instead of in every class: Chromium launched before the
 * class's tests and closed after them, and people signed in through the real Keycloak login.
 * Register with {@code @RegisterExtension static final Chromium chromium = new Chromium();}.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {

    private PortalBrowser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        browser = PortalBrowser.launch();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** {@code user} (password = user name, the dev realm's) signed in, on "My clusters". */
    Visitor signIn(URL app, String screenshotPrefix, String user) {
        return visitor(app, screenshotPrefix).signIn(user);
    }

    /** A fresh, signed-out browser context. */
    Visitor visitor(URL app, String screenshotPrefix) {
        return browser.visitor(app, screenshotPrefix);
    }

    /** A phone-sized touch screen in the dark colour scheme, signed out. */
    Visitor phoneVisitor(URL app, String screenshotPrefix) {
        return browser.phoneVisitor(app, screenshotPrefix);
    }
}
