package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.Page;
import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.testing.AutoAgent;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6's classroom flow in Chromium through the real Keycloak sign-in: irene creates a 3-seat
 * class and pre-provisions it; alice and bob join with the code in their own browser contexts and
 * each lands on a READY cluster at once; irene's board shows their tiles update live; she resets
 * bob's cluster and ends the class. The host is an {@link AutoAgent} on the real agent channel: the
 * backend handles every report as a worker agent's, only the containers behind them are left out.
 */
@QuarkusTest
class ClassroomBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URL app;

    @Inject
    ClassroomFixtures classrooms;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    AutoAgent agent;

    @BeforeEach
    void online() throws Exception {
        classrooms.removeAll();
        hosts.removeTestHosts();
        agent = AutoAgent.online(app.toURI(), hosts, "class");
    }

    @AfterEach
    void clean() {
        agent.close();
        classrooms.removeAll();
        hosts.removeTestHosts();
        fixtures.forget("alice", "bob", "irene");
    }

    @Test
    void anInstructorRunsAClassFromPreProvisioningToTheEnd() {
        try (Visitor irene = chromium.visitor(app, "classroom-irene").signIn("irene");
             Visitor alice = chromium.visitor(app, "classroom-alice").signIn("alice");
             Visitor bob = chromium.visitor(app, "classroom-bob").signIn("bob")) {
            // irene creates a 3-seat class.
            irene.link("Classrooms").click();
            assertThat(irene.heading("Classrooms")).isVisible();
            irene.field("Name").fill("WASI workshop");
            irene.field("Seats").fill("3");
            irene.screenshot("create-form");
            irene.button("Create classroom").click();
            assertThat(irene.heading("WASI workshop")).isVisible();
            Page board = irene.page();
            assertThat(tile(board, 1)).containsText("No cluster");
            irene.screenshot("board-new");

            // Pre-provisioning: all three tiles go READY on their own, over the live stream.
            irene.button("Pre-provision all seats").click();
            for (int n = 1; n <= 3; n++) {
                assertThat(phase(board, n)).hasText("Ready");
                assertThat(tile(board, n)).containsText("free · warm cluster");
            }
            assertThat(board.getByLabel("Seat counts")).containsText("3 ready");
            irene.screenshot("board-warm");
            String code = board.getByLabel("Current join code").textContent().strip();
            String link = board.getByLabel("Join link", new Page.GetByLabelOptions().setExact(true)).textContent().strip();
            assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}");

            // alice joins by typing the code, bob by the join link: each lands on a READY cluster at once.
            alice.link("Classrooms").click();
            alice.field("Join code").fill(code.toLowerCase());
            alice.button("Join class").click();
            alice.page().waitForURL(Pattern.compile(".*/clusters/c-[a-z0-9]+$"));
            assertThat(alice.page().getByLabel("Phase")).containsText("Ready");
            alice.screenshot("joined");
            bob.page().navigate(link);
            assertThat(bob.field("Join code")).hasValue(code);
            bob.button("Join class").click();
            bob.page().waitForURL(Pattern.compile(".*/clusters/c-[a-z0-9]+$"));
            assertThat(bob.page().getByLabel("Phase")).containsText("Ready");
            String bobsFirst = bob.page().url().replaceAll(".*/clusters/", "");

            // irene's board shows both tiles update, without a reload.
            assertThat(participant(board, 1)).hasText("alice");
            assertThat(participant(board, 2)).hasText("bob");
            assertThat(board.getByLabel("Seat counts")).containsText("2 of 3 taken");
            irene.screenshot("board-joined");

            // Reset bob's seat: a fresh cluster comes up in the same seat, still his.
            assertThat(clusterOf(board, 2)).hasText(bobsFirst);
            irene.button("Reset seat 2").click();
            assertThat(clusterOf(board, 2)).not().hasText(bobsFirst);
            assertThat(phase(board, 2)).hasText("Ready");
            assertThat(participant(board, 2)).hasText("bob");
            bob.open("/classrooms");
            Locator mySeat = bob.page().getByLabel("Seat in WASI workshop");
            assertThat(mySeat).containsText("Ready");
            assertThat(mySeat).not().containsText(bobsFirst);
            bob.screenshot("after-reset");

            // The stuck filter hides every seat that makes progress (none is stuck yet).
            board.getByLabel("Show only stuck seats").check();
            assertThat(tile(board, 1)).isHidden();
            board.getByLabel("Show only stuck seats").uncheck();
            assertThat(tile(board, 1)).isVisible();

            // End of class: every seat's cluster goes, the code stops working, the summary stays.
            irene.button("End class").click();
            assertThat(board.getByText("The class has ended; the code no longer works.")).isVisible();
            for (int n = 1; n <= 3; n++) {
                assertThat(phase(board, n)).hasText("No cluster");
            }
            irene.screenshot("ended");
            alice.open("/clusters");
            assertThat(alice.page().getByText("You have no clusters yet.")).isVisible();
            irene.link("Summary").click();
            assertThat(irene.page().getByLabel("Seats used")).hasText("2 of 3");
            irene.screenshot("summary");
        }
    }

    private static Locator tile(Page board, int n) {
        return board.getByRole(AriaRole.ARTICLE, new Page.GetByRoleOptions().setName("Seat " + n).setExact(true));
    }

    private static Locator phase(Page board, int n) {
        return board.getByLabel("Seat " + n + " cluster phase");
    }

    private static Locator clusterOf(Page board, int n) {
        return board.getByLabel("Seat " + n + " cluster", new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator participant(Page board, int n) {
        return board.getByLabel("Seat " + n + " participant");
    }
}
