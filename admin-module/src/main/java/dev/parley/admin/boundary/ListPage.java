package dev.parley.admin.boundary;

import dev.parley.schema.entity.Total;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * One page of an agent API list with its paging headers: {@code X-Total-Count} when the total is exact
 * (up to {@link Total#LIMIT} matches; above, the header is left out, as GitLab does) and a
 * {@code Link: <?…&page=N>; rel="next"} to the next page when there is one (RFC 8288; a reference relative to
 * the request, so it stays right behind a proxy).
 */
final class ListPage {

    static final String TOTAL = "X-Total-Count";

    private ListPage() {}

    static Response of(String json, List<?> rows, Total total, int page, int size, UriInfo uri) {
        Response.ResponseBuilder ok = Response.ok(json);
        if (total.exact()) {
            ok.header(TOTAL, total.value());
        }
        if (total.hasMoreAfter((long) page * size + rows.size(), rows.size() == size)) {
            String query = uri.getRequestUriBuilder()
                    .replaceQueryParam("page", page + 1)
                    .build()
                    .getRawQuery();
            ok.header("Link", "<?" + query + ">; rel=\"next\"");
        }
        return ok.build();
    }
}
