package dev.parley.security.boundary;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code parley.demo.enabled=false} (production) turns the paths it is mapped to into 404: the demo
 * website (it shows the website token and embeds the widget for anyone) and, in the Payara Micro WAR,
 * the OpenAPI document (Payara registers its servlet in the root web application, that is, ours).
 * Default {@code true}, so the run command shows the demo. Mapped in web.xml.
 */
public class DemoSwitch implements Filter {

    public static final String ENABLED = "parley.demo.enabled";

    private boolean enabled;

    @Override
    public void init(FilterConfig config) {
        enabled = ConfigProvider.getConfig()
                .getOptionalValue(ENABLED, Boolean.class)
                .orElse(true);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (enabled) {
            chain.doFilter(request, response);
        } else {
            ((HttpServletResponse) response).sendError(404);
        }
    }
}
