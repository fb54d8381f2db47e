package dev.hearth.backend.input;

import dev.hearth.backend.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A JSON body of only whitespace, or the literal {@code null}, is malformed, not "no body": Jackson reads it as nothing, so an
 * operation whose body is optional would take the defaults for what is really a broken request.
 * No body at all (Content-Length 0) never gets here and still means "the defaults".
 */
@Provider
public class BlankJsonBody implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getMediaType() == null || !context.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        String text = body.length > 0 && body.length < 64 ? new String(body, java.nio.charset.StandardCharsets.UTF_8).strip() : null;
        if (text != null && (text.isEmpty() || text.equals("null"))) {
            throw new ProblemException(400, "malformed-body", "Malformed request body",
                    "the request body is " + (text.isEmpty() ? "empty but for white space" : "null")
                            + "; send a JSON object, or no body at all");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
