package dev.parley.admin.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

/** Who is logged in to the console, for the page header, and the way out. */
@Named
@RequestScoped
public class CurrentAgent {

    @Inject
    ExternalContext external;

    public String getName() {
        return external.getUserPrincipal() == null
                ? null
                : external.getUserPrincipal().getName();
    }

    public boolean isAdmin() {
        return external.isUserInRole("ADMIN");
    }

    public String logout() throws ServletException {
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        return "login?faces-redirect=true";
    }
}
