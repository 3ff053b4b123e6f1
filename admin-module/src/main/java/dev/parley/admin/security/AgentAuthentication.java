package dev.parley.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Logs agents in with Jakarta Security against the {@code agent} table (PBKDF2 hashes), one
 * mechanism for both doors of the console WAR:
 * <ul>
 * <li>the agent API ({@code /api/}) takes HTTP Basic on every request and never a session, so a
 * browser's console cookie cannot be replayed against it (no CSRF there); a missing or wrong
 * credential is a 401 problem with a Basic challenge;</li>
 * <li>the console pages take a form login ({@code login.xhtml} calls
 * {@code SecurityContext.authenticate}); the container then remembers the caller in the HTTP
 * session (JASPIC's register-session, what {@code @AutoApplySession} does), and an anonymous
 * visit of a protected page is redirected to the login page with the page to come back to.</li>
 * </ul>
 * The console prefix ({@code parley.admin.prefix}: empty in the console WAR, {@code /admin} in the
 * Payara Micro WAR) keeps the login URL right under both packagings.
 */
@ApplicationScoped
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "java:comp/DefaultDataSource",
        callerQuery = "select password_hash from agent where username = ?",
        groupsQuery = "select role from agent where username = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class,
        hashAlgorithmParameters = {
            "Pbkdf2PasswordHash.Algorithm=PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.Iterations=100000",
            "Pbkdf2PasswordHash.SaltSizeBytes=16",
            "Pbkdf2PasswordHash.KeySizeBytes=32"
        })
public class AgentAuthentication implements HttpAuthenticationMechanism {

    static final String CHALLENGE = "Basic realm=\"Parley\", charset=\"UTF-8\"";
    static final String LOGIN_PAGE = "/login.xhtml";
    /** Pages the login may send the agent back to: a console page and its query, nothing else. */
    static final Pattern CONSOLE_PAGE = Pattern.compile("^[a-z-]+\\.xhtml(\\?[A-Za-z0-9=&%._-]*)?$");

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        return isApi(request) ? basic(request, response, context) : form(request, context);
    }

    private AuthenticationStatus basic(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            UsernamePasswordCredential credential =
                    basic(authorization.substring(6).strip());
            CredentialValidationResult result =
                    credential == null ? CredentialValidationResult.INVALID_RESULT : validate(credential);
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                return context.notifyContainerAboutLogin(result);
            }
            return unauthorized(response, "The credentials are not valid.");
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        return unauthorized(response, "Log in as an agent (HTTP Basic).");
    }

    private AuthenticationStatus form(HttpServletRequest request, HttpMessageContext context)
            throws AuthenticationException {
        Credential credential = context.getAuthParameters().getCredential();
        if (context.isAuthenticationRequest() && credential != null) {
            CredentialValidationResult result = identityStores.validate(credential);
            if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                return AuthenticationStatus.SEND_FAILURE;
            }
            if (request.getSession(false) != null) {
                request.changeSessionId();
            }
            context.setRegisterSession(result.getCallerPrincipal().getName(), result.getCallerGroups());
            return context.notifyContainerAboutLogin(result);
        }
        Principal remembered = request.getUserPrincipal();
        if (remembered != null) {
            return rememberedLogin(context, remembered);
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        return context.redirect(loginUrl(request));
    }

    /** The container restored the caller from the registered session: confirm it, as @AutoApplySession does. */
    private static AuthenticationStatus rememberedLogin(HttpMessageContext context, Principal remembered)
            throws AuthenticationException {
        try {
            context.getHandler()
                    .handle(new Callback[] {new CallerPrincipalCallback(context.getClientSubject(), remembered)});
            return AuthenticationStatus.SUCCESS;
        } catch (IOException | UnsupportedCallbackException failed) {
            throw new AuthenticationException(failed);
        }
    }

    /** Decided on the decoded servlet path, so an encoded {@code %61pi} cannot pass for a console page. */
    static boolean isApi(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.startsWith("/api/") || path.equals("/api") || path.contains("/api/") || path.endsWith("/api");
    }

    /** A store that cannot handle the input (it happens with odd user names) means: not valid. */
    private CredentialValidationResult validate(UsernamePasswordCredential credential) {
        try {
            return identityStores.validate(credential);
        } catch (RuntimeException storeRefused) {
            return CredentialValidationResult.INVALID_RESULT;
        }
    }

    static String loginUrl(HttpServletRequest request) {
        String prefix = request.getContextPath() + consolePrefix(request);
        String url = prefix + LOGIN_PAGE;
        String page = request.getRequestURI()
                .substring(Math.min(request.getRequestURI().length(), prefix.length()));
        page = page.startsWith("/") ? page.substring(1) : page;
        String next = request.getQueryString() == null ? page : page + "?" + request.getQueryString();
        if ("GET".equals(request.getMethod()) && CONSOLE_PAGE.matcher(next).matches()) {
            url += "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        }
        return url;
    }

    static String consolePrefix(HttpServletRequest request) {
        String prefix = request.getServletContext().getInitParameter("parley.admin.prefix");
        return prefix == null ? "" : prefix;
    }

    private static UsernamePasswordCredential basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (decoded.chars().anyMatch(Character::isISOControl)) {
                return null;
            }
            return colon <= 0
                    ? null
                    : new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response, String detail) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", CHALLENGE);
        response.setContentType("application/problem+json");
        try {
            response.getWriter()
                    .write("{\"type\":\"urn:parley:problem:unauthorized\",\"title\":\"Unauthorized\","
                            + "\"status\":401,\"detail\":\"" + detail + "\"}");
        } catch (IOException clientGone) {
            // nothing left to tell
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
