package dev.parley.admin.boundary;

import dev.parley.problem.boundary.ProblemMapper;
import dev.parley.problem.boundary.UnexpectedProblemMapper;
import dev.parley.problem.boundary.WebApplicationProblemMapper;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The agent API, mapped by class name in web.xml ({@code /api/*} in the console WAR,
 * {@code /admin/api/*} in the Payara Micro WAR). Its resources arrive with the admin issue.
 */
public class AgentApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AgentConversationsResource.class, ProblemMapper.class, WebApplicationProblemMapper.class, UnexpectedProblemMapper.class);
    }
}
