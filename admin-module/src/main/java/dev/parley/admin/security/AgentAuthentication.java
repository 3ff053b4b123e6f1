package dev.parley.admin.security;

import dev.parley.agent.boundary.AgentTokens;
import dev.parley.agent.boundary.Agents;
import dev.parley.agent.boundary.Logins;
import dev.parley.agent.entity.AgentView;
import dev.parley.security.boundary.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Logs agents in with Jakarta Security against the {@code agent} table, one mechanism for both
 * doors of the console WAR:
 * <ul>
 * <li>the agent API ({@code /api/}) takes a personal access token ({@code Authorization: Bearer
 * pat_...}, one indexed lookup) or HTTP Basic on every request and never a session, so a browser's
 * console cookie cannot be replayed against it (no CSRF there); a missing or wrong credential is a
 * 401 problem with a Basic challenge, a throttled login a 429 problem with {@code Retry-After};</li>
 * <li>the console pages take a form login ({@code login.xhtml} calls
 * {@code SecurityContext.authenticate}); the container then remembers the caller in the HTTP
 * session (JASPIC's register-session, what {@code @AutoApplySession} does), and an anonymous
 * visit of a protected page is redirected to the login page with the page to come back to. Every
 * request of a session checks that its agent is still enabled and has the same role; if not, the
 * session ends there and the page goes to the login.</li>
 * </ul>
 * Both password doors go through {@link #passwordLogin}: {@link Logins} throttles failures per
 * account and per client address ({@link ClientAddress}) before any PBKDF2 work, and
 * {@link Agents#verify} spends the same work on unknown users as on known ones.
 * The console prefix ({@code parley.admin.prefix}: empty in the console WAR, {@code /admin} in the
 * Payara Micro WAR) keeps the login URL right under both packagings.
 */
@ApplicationScoped
public class AgentAuthentication implements HttpAuthenticationMechanism {

    static final String CHALLENGE = "Basic realm=\"Parley\", charset=\"UTF-8\"";
    static final String LOGIN_PAGE = "/login.xhtml";
    static final String SESSION_ROLE = "parley.agent.role";
    /** Pages the login may send the agent back to: a console page and its query, nothing else. */
    static final Pattern CONSOLE_PAGE = Pattern.compile("^[a-z-]+\\.xhtml(\\?[A-Za-z0-9=&%._-]*)?$");

    @Inject
    Agents agents;

    @Inject
    AgentTokens tokens;

    @Inject
    Logins logins;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        return isApi(request) ? api(request, response, context) : form(request, context);
    }

    private AuthenticationStatus api(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (!context.isProtected()) {
                // the visitor API (/chat/api in the single WAR): its Bearer tokens are contact tokens
                return context.doNothing();
            }
            Optional<AgentView> agent =
                    tokens.authenticate(authorization.substring(7).strip());
            return agent.isPresent()
                    ? context.notifyContainerAboutLogin(
                            agent.get().username(), Set.of(agent.get().role()))
                    : unauthorized(response, "The token is not valid.");
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            UsernamePasswordCredential credential =
                    basic(authorization.substring(6).strip());
            if (credential == null) {
                return unauthorized(response, "The credentials are not valid.");
            }
            PasswordLogin login = passwordLogin(credential, request);
            if (login.agent() != null) {
                return context.notifyContainerAboutLogin(
                        login.agent().username(), Set.of(login.agent().role()));
            }
            return login.isThrottled()
                    ? throttled(response, login)
                    : unauthorized(response, "The credentials are not valid.");
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        return unauthorized(response, "Log in as an agent (a token, or HTTP Basic).");
    }

    private AuthenticationStatus form(HttpServletRequest request, HttpMessageContext context)
            throws AuthenticationException {
        Credential credential = context.getAuthParameters().getCredential();
        if (context.isAuthenticationRequest() && credential instanceof UsernamePasswordCredential password) {
            PasswordLogin login = passwordLogin(password, request);
            if (login.agent() == null) {
                if (login.isThrottled()) {
                    request.setAttribute(PasswordLogin.RETRY_AFTER, login.retryAfterSeconds());
                }
                return AuthenticationStatus.SEND_FAILURE;
            }
            if (request.getSession(false) != null) {
                request.changeSessionId();
            }
            request.getSession().setAttribute(SESSION_ROLE, login.agent().role());
            Set<String> groups = Set.of(login.agent().role());
            context.setRegisterSession(login.agent().username(), groups);
            return context.notifyContainerAboutLogin(login.agent().username(), groups);
        }
        Principal remembered = request.getUserPrincipal();
        if (remembered != null) {
            if (stillAllowed(request, remembered)) {
                return rememberedLogin(context, remembered);
            }
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            return context.redirect(loginUrl(request));
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        return context.redirect(loginUrl(request));
    }

    /** The session's agent is enabled and has the role it logged in with (a change of role means: log in again). */
    private boolean stillAllowed(HttpServletRequest request, Principal remembered) {
        HttpSession session = request.getSession(false);
        Object role = session == null ? null : session.getAttribute(SESSION_ROLE);
        return agents.active(remembered.getName())
                .filter(agent -> agent.role().equals(role))
                .isPresent();
    }

    /** The one way a password logs in, for the form and for Basic: throttle, verify, count. */
    PasswordLogin passwordLogin(UsernamePasswordCredential credential, HttpServletRequest request) {
        String username = credential.getCaller();
        String address = clientAddress(request);
        Optional<java.time.Duration> locked = logins.refusal(username, address);
        if (locked.isPresent()) {
            return PasswordLogin.throttled(locked.get());
        }
        Optional<AgentView> agent = verify(username, credential.getPasswordAsString());
        if (agent.isPresent()) {
            logins.succeeded(username);
            return PasswordLogin.valid(agent.get());
        }
        return logins.failed(username, address, UUID.randomUUID().toString())
                .map(PasswordLogin::throttled)
                .orElseGet(PasswordLogin::invalid);
    }

    /** The address failures count against: the client's, through configured trusted proxies only. */
    static String clientAddress(HttpServletRequest request) {
        return ClientAddress.of(request);
    }

    /** Input the store cannot handle (it happens with odd user names) means: not valid. */
    private Optional<AgentView> verify(String username, String password) {
        try {
            return agents.verify(username, password);
        } catch (RuntimeException storeRefused) {
            return Optional.empty();
        }
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

    private static AuthenticationStatus throttled(HttpServletResponse response, PasswordLogin login) {
        long seconds = login.retryAfterSeconds();
        response.setStatus(429);
        response.setHeader("Retry-After", String.valueOf(seconds));
        response.setContentType("application/problem+json");
        try {
            response.getWriter()
                    .write("{\"type\":\"urn:parley:problem:too-many-requests\",\"title\":\"Too many requests\","
                            + "\"status\":429,\"detail\":\"Too many failed logins; try again in " + seconds
                            + " s.\"}");
        } catch (IOException clientGone) {
            // nothing left to tell
        }
        return AuthenticationStatus.SEND_FAILURE;
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
