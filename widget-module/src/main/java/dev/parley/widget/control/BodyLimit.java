package dev.parley.widget.control;

import dev.parley.problem.boundary.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Refuses request bodies over 64 KiB with 413, whether they declare their length or stream it. */
@Provider
@PreMatching
public class BodyLimit implements ContainerRequestFilter {

    public static final int LIMIT = 64 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > LIMIT) {
            throw tooLarge();
        }
        request.setEntityStream(new Bounded(request.getEntityStream()));
    }

    static WebApplicationException tooLarge() {
        ProblemException problem = new ProblemException(413, "too-large", "Payload too large",
                "Request bodies are limited to " + LIMIT + " bytes.");
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
