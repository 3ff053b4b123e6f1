package dev.parley.problem.boundary;

import dev.parley.problem.entity.Problem;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Answers a Content-Type the JAX-RS runtime cannot parse (empty, repeated, a bare parameter) with
 * a 400 problem. The runtime would refuse it too, but with the server's HTML error page, before
 * any exception mapper runs. Mapped in web.xml in front of both APIs.
 */
public class ContentTypeGuard implements Filter {

    private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "\\s*" + TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(\"[^\"\\\\]*\"|" + TOKEN + "))*\\s*");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<String> types = Collections.list(((HttpServletRequest) request).getHeaders("Content-Type"));
        if (types.size() > 1
                || types.size() == 1 && !MEDIA_TYPE.matcher(types.get(0)).matches()) {
            HttpServletResponse answer = (HttpServletResponse) response;
            answer.setStatus(400);
            answer.setContentType(Problem.MEDIA_TYPE);
            answer.getWriter()
                    .write(ProblemJson.write(new Problem(
                            "urn:parley:problem:bad-request",
                            "Bad request",
                            400,
                            "The Content-Type header is malformed or repeated.",
                            null)));
            return;
        }
        chain.doFilter(request, response);
    }
}
