package dev.parley.problem.boundary;

import dev.parley.problem.entity.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks what every request declares before any resource reads it: headers the runtime cannot
 * parse (a malformed Content-Type, Content-Length twice) are a 400 problem instead of the
 * runtime's HTML page or a 500, and bodies over 64 KiB are refused with 413, whether they declare
 * their length or stream it.
 */
@Provider
@PreMatching
public class RequestLimits implements ContainerRequestFilter {

    public static final int LIMIT = 64 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        int length;
        try {
            request.getMediaType();
            length = request.getLength();
        } catch (RuntimeException unparseable) {
            throw ProblemException.badRequest("A Content-Type or Content-Length header is malformed or repeated.");
        }
        if (length > LIMIT) {
            throw tooLarge();
        }
        request.setEntityStream(new Bounded(request.getEntityStream()));
    }

    static WebApplicationException tooLarge() {
        ProblemException problem = new ProblemException(
                413, "too-large", "Payload too large", "Request bodies are limited to " + LIMIT + " bytes.");
        return new WebApplicationException(problem, Response.status(413).build());
    }

    private static final class Bounded extends FilterInputStream {

        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > LIMIT) {
                throw tooLarge();
            }
        }
    }
}
