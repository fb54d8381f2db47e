package dev.hearth.system;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The system page tests' browser, once instead of in every class: the machine's Chromium
 * ({@code /usr/bin/chromium}, never a downloaded one), headless, launched before the class and closed
 * after it, and the portal sign-in through the real Keycloak login form. Register with
 * {@code @RegisterExtension static final SystemBrowser CHROMIUM = new SystemBrowser();}.
 */
public final class SystemBrowser implements BeforeAllCallback, AfterAllCallback {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run");

    private final Path executable;
    private Playwright playwright;
    private Browser browser;

    /** The machine's Chromium. */
    public SystemBrowser() {
        this(CHROMIUM);
    }

    /** Chromium through a wrapper, e.g. one that runs it in another network namespace ({@link LaptopNetwork}). */
    public SystemBrowser(Path executable) {
        this.executable = executable;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // A real cluster takes its time on a busy 2-core machine: assertions wait up to a minute.
        PlaywrightAssertions.setDefaultAssertionTimeout(60_000);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(executable).setHeadless(true)
                .setArgs(ARGS));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    /** A fresh, signed-out browser context (own cookies) that accepts downloads. */
    public BrowserContext newContext() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true));
    }

    /**
     * Landing page → "Sign in" → Keycloak's login form (password = user name, the dev realm's) →
     * "My clusters". Confirm dialogs are accepted, as a person would.
     *
     * @param app the portal's root, e.g. {@code http://localhost:8082}
     * @return {@link System#nanoTime()} when the sign-in was sent, for tests that time what follows
     */
    public static long signIn(Page page, String app, String user) {
        page.setDefaultTimeout(60_000);
        page.onDialog(dialog -> dialog.accept());
        page.navigate(app + "/");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in")).click();
        // The dev realm, or a realm of the test's own named after it (TestRealm).
        page.waitForURL(Pattern.compile(".*/realms/hearth[^/]*/.*"));
        page.getByLabel("Username or email").fill(user);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(user);
        long at = System.nanoTime();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();
        page.waitForURL(app + "/clusters");
        return at;
    }
}
