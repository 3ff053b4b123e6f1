package dev.parley.widget.boundary;

import dev.parley.problem.boundary.ProblemMapper;
import dev.parley.problem.boundary.RequestLimits;
import dev.parley.problem.boundary.UnexpectedProblemMapper;
import dev.parley.problem.boundary.WebApplicationProblemMapper;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The visitor API. Mapped by class name in web.xml ({@code /api/*} in the widget WAR,
 * {@code /chat/api/*} in the Payara Micro WAR), so it lists its classes explicitly: two
 * applications share one WAR on Payara Micro.
 */
public class WidgetApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                SessionResource.class,
                IdentifyResource.class,
                ConversationsResource.class,
                VisitorContextResource.class,
                ErasureRequestResource.class,
                Cors.class,
                RequestLimits.class,
                ProblemMapper.class,
                WebApplicationProblemMapper.class,
                UnexpectedProblemMapper.class);
    }
}
