package dev.parley.widget.socket;

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
 */
public class WidgetSocketRegistration implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String prefix = context.getInitParameter("parley.widget.prefix");
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        try {
            container.addEndpoint(
                    ServerEndpointConfig.Builder.create(WidgetSocket.class, (prefix == null ? "" : prefix) + "/ws")
                            .build());
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the widget WebSocket", e);
        }
    }
}
