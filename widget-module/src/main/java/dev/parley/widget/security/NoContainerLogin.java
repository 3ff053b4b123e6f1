package dev.parley.widget.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The widget WAR logs nobody in: visitors authenticate with contact tokens in the API itself.
 * It exists because Jakarta Security, once the console WAR of the same EAR defines a mechanism,
 * consults one in every WAR (Soteria on Payara and WildFly); without this bean every /chat
 * request failed with a 500. Left out of the Payara Micro WAR, where the console's mechanism
 * serves all paths.
 */
@ApplicationScoped
public class NoContainerLogin implements HttpAuthenticationMechanism {

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        return context.doNothing();
    }
}
