package dev.parley.problem.boundary;

import dev.parley.problem.entity.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Unknown paths, wrong methods or media types: the runtime's own 4xx, as problem+json. */
@Provider
public class WebApplicationProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType == null ? "Error" : statusType.getReasonPhrase();
        String detail = status == 404 ? "No such resource." : title + ".";
        Response.ResponseBuilder answer = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(ProblemJson.write(new Problem("about:blank", title, status, detail, null)));
        exception.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }
}
