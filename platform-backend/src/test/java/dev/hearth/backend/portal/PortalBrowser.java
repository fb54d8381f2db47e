package dev.hearth.backend.portal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The machine's own Chromium ({@code /usr/bin/chromium}), headless, driven by Playwright — never a
 * downloaded browser. One per test class, through the {@link Chromium} extension; each user gets
 * their own {@link Visitor} (a separate browser context: own cookies, own session).
 */
final class PortalBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Where every visited page is saved, for a person to look at after the run. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;

    private PortalBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static PortalBrowser launch() {
        if (!CHROMIUM.toFile().canExecute()) {
            throw new IllegalStateException("no Chromium at " + CHROMIUM + "; ./hearth test installs it (apt-get install chromium)");
        }
        // Polling refreshes every 2 s; 10 s leaves room on a busy 2-core machine without hiding a real miss.
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(ARGS));
            return new PortalBrowser(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A fresh, signed-out browser context for one user, on the application under test. */
    Visitor visitor(URL app, String screenshotPrefix) {
        return new Visitor(browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)), app,
                screenshotPrefix);
    }

    /** The same on a phone-sized touch screen, in the dark colour scheme. */
    Visitor phoneVisitor(URL app, String screenshotPrefix) {
        return new Visitor(browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true).setColorScheme(ColorScheme.DARK)), app,
                screenshotPrefix);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
