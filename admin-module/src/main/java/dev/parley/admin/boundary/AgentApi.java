package dev.parley.admin.boundary;

import dev.parley.problem.boundary.ProblemMapper;
import dev.parley.problem.boundary.RequestLimits;
import dev.parley.problem.boundary.UnexpectedProblemMapper;
import dev.parley.problem.boundary.WebApplicationProblemMapper;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The agent API, mapped by class name in web.xml ({@code /api/*} in the console WAR,
 * {@code /admin/api/*} in the Payara Micro WAR). It lists its classes, providers included, because
 * two applications share one WAR on Payara Micro.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Parley agent API",
                        version = "1",
                        description =
                                "JSON over a personal access token (Bearer) or HTTP Basic; errors are application/problem+json (RFC 9457)."))
public class AgentApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                AgentConversationsResource.class,
                AgentAuditResource.class,
                AgentDuplicatesResource.class,
                AgentsResource.class,
                AgentTokensResource.class,
                AgentContactsResource.class,
                AgentInboxResource.class,
                AgentCannedResponsesResource.class,
                AgentInboxAssignmentResource.class,
                AgentRetentionResource.class,
                AgentErasureRequestsResource.class,
                AgentWebhooksResource.class,
                ProblemMapper.class,
                RequestLimits.class,
                WebApplicationProblemMapper.class,
                UnexpectedProblemMapper.class);
    }
}
