package dev.parley.admin.console;

import dev.parley.canned.boundary.CannedResponses;
import dev.parley.canned.entity.CannedResponseView;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.Inbox;
import dev.parley.problem.entity.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * The canned responses page ({@code canned.xhtml}): every agent reads and searches an inbox's saved
 * replies; an admin adds, edits and deletes them (a delete asks first). {@link CannedResponses} decides
 * who may change them, so the forms are only offered to whom it allows, and a refusal is shown as the
 * API would answer it, each invalid field under its input.
 */
@Named
@ViewScoped
public class CannedResponsesPage implements Serializable {

    private static final Set<String> FIELDS = Set.of("shortCode", "title", "content");

    @Inject
    CannedResponses canned;

    @Inject
    Inboxes inboxes;

    @Inject
    ExternalContext external;

    private Long inboxId;
    private String query;
    private transient List<CannedResponseView> responses;
    private Boolean manager;
    private Long editingId;
    private String shortCode;
    private String title;
    private String content;
    private Long deletingId;

    @PostConstruct
    void init() {
        inboxId = inboxes.defaultInbox().getId();
    }

    public void select() {
        cancel();
        responses = null;
    }

    public void search() {
        responses = null;
    }

    public void edit(long id) {
        act(null, request -> {
            CannedResponseView response = canned.find(id);
            editingId = response.id();
            shortCode = response.shortCode();
            title = response.title();
            content = response.content();
            deletingId = null;
        });
    }

    public void save() {
        boolean editing = editingId != null;
        act(editing ? "Saved /" + shortCode + "." : "Added /" + shortCode + ".", request -> {
            if (editing) {
                canned.update(editingId, shortCode, title, content, me(), request);
            } else {
                canned.create(inboxId, shortCode, title, content, me(), request);
            }
            cancel();
        });
    }

    public void cancel() {
        editingId = null;
        shortCode = null;
        title = null;
        content = null;
    }

    public void askDelete(long id) {
        deletingId = id;
    }

    public void cancelDelete() {
        deletingId = null;
    }

    public void delete() {
        long id = deletingId == null ? -1 : deletingId;
        act("Deleted.", request -> {
            canned.delete(id, me(), request);
            if (editingId != null && editingId == id) {
                cancel();
            }
        });
        deletingId = null;
    }

    private void act(String summary, Action action) {
        String requestId = ConsoleMessages.newRequestId();
        try {
            action.run(requestId);
            if (summary != null) {
                ConsoleMessages.done(summary, requestId);
            }
        } catch (ProblemException problem) {
            ConsoleMessages.fieldErrors(problem, "editor", FIELDS);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        responses = null;
    }

    private interface Action {
        void run(String requestId);
    }

    private String me() {
        return external.getUserPrincipal().getName();
    }

    public List<CannedResponseView> getResponses() {
        if (responses == null) {
            try {
                responses = canned.list(inboxId, query);
            } catch (RuntimeException refused) {
                ConsoleMessages.refused(refused);
                responses = List.of();
            }
        }
        return responses;
    }

    /** Whether the service lets the logged-in agent change canned responses. */
    public boolean isManager() {
        if (manager == null) {
            manager = canned.mayManage(me());
        }
        return manager;
    }

    public CannedResponseView getDeleting() {
        return deletingId == null
                ? null
                : getResponses().stream()
                        .filter(r -> r.id() == deletingId)
                        .findFirst()
                        .orElse(null);
    }

    public List<Inbox> getInboxes() {
        return inboxes.all();
    }

    public Long getInboxId() {
        return inboxId;
    }

    public void setInboxId(Long inboxId) {
        this.inboxId = inboxId;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public Long getEditingId() {
        return editingId;
    }

    public String getShortCode() {
        return shortCode;
    }

    public void setShortCode(String shortCode) {
        this.shortCode = shortCode;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getContent() {
        return content;
    }

    public void setContent(String content) {
        this.content = content;
    }
}
