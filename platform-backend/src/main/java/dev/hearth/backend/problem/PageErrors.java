package dev.hearth.backend.problem;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Turns a service's problem into what a browser should see: a full error page for a page load, or
 * a one-line message for an htmx request (hearth.js shows it in the page's alert region). Never a
 * stack trace or an exception name.
 */
@ApplicationScoped
public class PageErrors {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String message);
    }

    static boolean isHtmx(HttpHeaders headers) {
        return "true".equals(headers.getHeaderString("HX-Request"));
    }

    public Response render(ProblemException problem, HttpHeaders headers) {
        return render(problem.status(), problem.title(), problem.getMessage(), headers);
    }

    /** Service details start in lower case (they read well after a colon); a page shows them as a sentence. */
    private static String sentence(String message) {
        return message == null || message.isEmpty() ? "" : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    public Response render(int status, String title, String message, HttpHeaders headers) {
        if (isHtmx(headers)) {
            return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(message).build();
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, sentence(message))).build();
    }
}
