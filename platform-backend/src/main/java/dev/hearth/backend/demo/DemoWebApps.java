package dev.hearth.backend.demo;

import dev.hearth.backend.apps.AppProxy;
import dev.hearth.backend.apps.AppResponse;
import dev.hearth.backend.demo.DemoFacts.AppCheck;
import dev.hearth.backend.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Step 7's check that the participant's web app works (docs/guided-demo.md, "Step 7"): the platform asks the
 * app {@code GET /} through the app URL's own path ({@link AppProxy}, as the owner, with the cluster's
 * transport), never the browser, and looks for the greeting in the page.
 */
@ApplicationScoped
public class DemoWebApps {

    private static final Logger LOG = Logger.getLogger(DemoWebApps.class);

    private final AppProxy apps;

    public DemoWebApps(AppProxy apps) {
        this.apps = apps;
    }

    /** The app's page for its owner's session (docs/portal.md, "Web apps"). */
    static String url(String clusterId) {
        return "/apps/" + clusterId + "/" + DemoContent.NAMESPACE + "/" + DemoContent.WEB_APP + "/";
    }

    /** Asks the app; a cluster that does not answer is a check that did not answer, not an error. */
    public AppCheck check(String clusterId, String greeting) {
        try {
            AppResponse answer = apps.getAsOwner(clusterId, DemoContent.NAMESPACE, DemoContent.WEB_APP, "/");
            String page = new String(answer.body(), StandardCharsets.UTF_8);
            // web.rs escapes the greeting for HTML, web.c prints it as written: either is the participant's.
            boolean greeted = !greeting.isEmpty() && (page.contains(greeting) || page.contains(escape(greeting)));
            return new AppCheck(true, answer.status(), greeted, "it answered " + answer.status());
        } catch (ProblemException e) {
            LOG.debugf(e, "asking the demo web app on cluster %s", clusterId);
            return new AppCheck(false, 0, false, e.getMessage());
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
