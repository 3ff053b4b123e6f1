package dev.parley.widget.socket;

import dev.parley.contact.boundary.Contacts;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Registers {@link WidgetSocket} at {@code <prefix>/ws}, the prefix coming from the context
 * parameter {@code parley.widget.prefix}: empty in the widget WAR (context root /chat), "/chat" in
 * the Payara Micro WAR (context root /). Declared in web.xml.
 *
 * <p>Every socket shares one endpoint instance: it holds nothing but the application's beans, and an
 * instance per socket made by the container through CDI cost about 1.5 KiB of heap for each idle
 * widget (a creational context and injection state; docs/BENCHMARKS.md).
 */
public class WidgetSocketRegistration implements ServletContextListener {

    @Inject
    WidgetSessions sessions;

    @Inject
    Contacts contacts;

    @Inject
    SocketGuard guard;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String prefix = context.getInitParameter("parley.widget.prefix");
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        WidgetSocket endpoint = new WidgetSocket();
        endpoint.sessions = sessions;
        endpoint.contacts = contacts;
        endpoint.guard = guard;
        try {
            container.addEndpoint(
                    ServerEndpointConfig.Builder.create(WidgetSocket.class, (prefix == null ? "" : prefix) + "/ws")
                            .configurator(new ServerEndpointConfig.Configurator() {
                                @Override
                                public <T> T getEndpointInstance(Class<T> type) {
                                    return type.cast(endpoint);
                                }
                            })
                            .build());
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the widget WebSocket", e);
        }
    }
}
