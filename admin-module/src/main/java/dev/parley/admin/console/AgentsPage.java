package dev.parley.admin.console;

import dev.parley.agent.boundary.AgentTokens;
import dev.parley.agent.boundary.Agents;
import dev.parley.agent.boundary.Agents.Changes;
import dev.parley.agent.entity.AgentView;
import dev.parley.agent.entity.NewToken;
import dev.parley.agent.entity.TokenView;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * The Agents page ({@code agents.xhtml}): one's own account, password and tokens for everyone;
 * every account (create, disable and enable, role, password reset) for admins. The rules are
 * {@link Agents}'s, so this page shows what the service refuses, as the API does.
 */
@Named
@ViewScoped
public class AgentsPage implements Serializable {

    @Inject
    Agents agents;

    @Inject
    AgentTokens tokens;

    @Inject
    ExternalContext external;

    private transient List<AgentView> accounts;
    private transient List<TokenView> ownTokens;
    private String username;
    private String displayName;
    private String password;
    private String role = "AGENT";
    private Long resetId;
    private String resetPassword;
    private String currentPassword;
    private String newPassword;
    private String tokenName;
    private String createdToken;

    public void create() {
        act("Agent " + username + " created.", request -> {
            agents.create(username, displayName, password, role, me(), request);
            username = null;
            displayName = null;
            password = null;
        });
    }

    public void enable(long id, boolean enabled) {
        act(
                enabled ? "Enabled." : "Disabled; their session and tokens have stopped working.",
                request -> agents.update(id, new Changes(null, null, enabled), me(), request));
    }

    public void role(long id, String newRole) {
        act(
                "Role changed to " + newRole + ".",
                request -> agents.update(id, new Changes(null, newRole, null), me(), request));
    }

    public void reset() {
        act("Password reset.", request -> {
            agents.resetPassword(resetId == null ? -1 : resetId, resetPassword, me(), request);
            resetPassword = null;
        });
    }

    public void changePassword() {
        act("Your password was changed.", request -> {
            agents.changeOwnPassword(me(), currentPassword, newPassword, request);
            currentPassword = null;
            newPassword = null;
        });
    }

    public void createToken() {
        act("Token created. Copy it now: it is not shown again.", request -> {
            NewToken created = tokens.create(me(), tokenName, request);
            createdToken = created.token();
            tokenName = null;
        });
    }

    public void revoke(long id) {
        act("Token revoked.", request -> tokens.revoke(me(), id, request));
    }

    private void act(String summary, Action action) {
        String requestId = ConsoleMessages.newRequestId();
        try {
            action.run(requestId);
            ConsoleMessages.done(summary, requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        accounts = null;
        ownTokens = null;
    }

    private interface Action {
        void run(String requestId);
    }

    private String me() {
        return external.getUserPrincipal().getName();
    }

    public List<AgentView> getAccounts() {
        if (accounts == null) {
            accounts = agents.visibleTo(me());
        }
        return accounts;
    }

    public List<TokenView> getTokens() {
        if (ownTokens == null) {
            ownTokens = tokens.list(me());
        }
        return ownTokens;
    }

    public String getCreatedToken() {
        return createdToken;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public Long getResetId() {
        return resetId;
    }

    public void setResetId(Long resetId) {
        this.resetId = resetId;
    }

    public String getResetPassword() {
        return resetPassword;
    }

    public void setResetPassword(String resetPassword) {
        this.resetPassword = resetPassword;
    }

    public String getCurrentPassword() {
        return currentPassword;
    }

    public void setCurrentPassword(String currentPassword) {
        this.currentPassword = currentPassword;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public String getTokenName() {
        return tokenName;
    }

    public void setTokenName(String tokenName) {
        this.tokenName = tokenName;
    }
}
