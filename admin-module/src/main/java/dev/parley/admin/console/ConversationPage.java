package dev.parley.admin.console;

import dev.parley.agent.entity.Role;
import dev.parley.contact.boundary.Contacts;
import dev.parley.contact.entity.ContactDevice;
import dev.parley.conversation.boundary.ConversationSearch;
import dev.parley.conversation.boundary.ConversationSearch.Summary;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.entity.ConversationContact;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.MessageView;
import dev.parley.merge.boundary.ConversationMerger;
import dev.parley.privacy.boundary.Erasures;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * One conversation ({@code conversation.xhtml?id=N}): its whole timeline, where messages that came
 * in by a merge name the conversation they were written in, a reply box that tells the visitor when
 * the agent is typing, resolve / reopen, and unmerge for a merged conversation. The timeline is
 * re-read whenever {@link ConsoleUpdates} says something changed.
 *
 * <p>The visitor block marks a verified visitor (with the identifier its website vouched for) and
 * lists the visitor's devices; an admin revokes one or all of them (a stolen laptop) after a
 * confirmation, and {@link Contacts} closes their sockets. An admin erases the visitor's personal data after a
 * confirmation ({@link Erasures}: the same rule as the agent API's {@code DELETE /contacts/{id}}).
 */
@Named
@ViewScoped
public class ConversationPage implements Serializable {

    @Inject
    Conversations conversations;

    @Inject
    ConversationActions actions;

    @Inject
    ConversationSearch search;

    @Inject
    ConversationMerger merger;

    @Inject
    Contacts contacts;

    @Inject
    Erasures erasures;

    @Inject
    ExternalContext external;

    private String id;
    private String reply;
    private transient ConversationView conversation;
    private transient Summary summary;
    private transient List<Summary> mergedHere = List.of();
    private transient List<ContactDevice> devices = List.of();
    /** The device an admin is asked to confirm revoking; {@link #ALL_DEVICES} for every one. */
    private Long revoking;
    /** Whether an admin is asked to confirm erasing the visitor's personal data. */
    private boolean erasing;

    static final long ALL_DEVICES = 0;

    public void load() {
        Long number = ListFilters.number(id);
        summary = number == null ? null : search.find(number).orElse(null);
        conversation = summary == null ? null : conversations.find(number).orElse(null);
        mergedHere = summary == null ? List.of() : search.mergedInto(number);
        devices = summary == null ? List.of() : contacts.devices(summary.contactId());
        if (conversation == null) {
            ConsoleMessages.error("There is no conversation " + (id == null ? "" : id) + ".");
        }
    }

    public void send() {
        if (actions.reply(summary.id(), summary.contactId(), reply)) {
            reply = null;
        }
        load();
    }

    public void changeStatus(String status) {
        actions.changeStatus(summary.id(), status);
        load();
    }

    public void unmerge() {
        String requestId = ConsoleMessages.newRequestId();
        try {
            merger.unmerge(summary.id(), actions.actor(), requestId);
            ConsoleMessages.done("Unmerged: conversation " + summary.id() + " has its own messages back.", requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        load();
    }

    public void askRevoke(long tokenId) {
        revoking = tokenId;
        load();
    }

    public void cancelRevoke() {
        revoking = null;
        load();
    }

    public void revoke() {
        String requestId = ConsoleMessages.newRequestId();
        String agent = actions.actor();
        Role role = external.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT;
        try {
            if (revoking == null) {
                ConsoleMessages.error("Choose a device to revoke first.");
            } else if (revoking == ALL_DEVICES) {
                contacts.revokeAll(summary.contactId(), agent, role, requestId);
                ConsoleMessages.done("Every device of this visitor was revoked and disconnected.", requestId);
            } else {
                contacts.revoke(summary.contactId(), revoking, agent, role, requestId);
                ConsoleMessages.done("Device " + revoking + " was revoked and disconnected.", requestId);
            }
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        revoking = null;
        load();
    }

    public void askErase() {
        erasing = true;
        load();
    }

    public void cancelErase() {
        erasing = false;
        load();
    }

    public void erase() {
        String requestId = ConsoleMessages.newRequestId();
        try {
            var summary = erasures.erase(
                    this.summary.contactId(),
                    actions.actor(),
                    external.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT,
                    requestId);
            ConsoleMessages.done(
                    "The visitor's personal data was erased: " + summary.messagesRemoved() + " message texts removed, "
                            + summary.devicesRevoked() + " devices signed out.",
                    requestId);
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
        erasing = false;
        load();
    }

    public boolean isErasing() {
        return erasing;
    }

    /** The reply box calls this when the agent starts typing and when they pause; not stored, only pushed. */
    public void typing(boolean typing) {
        if (summary != null) {
            actions.typing(summary.id(), summary.contactId(), typing);
        }
    }

    public List<MessageView> getMessages() {
        return conversation == null ? List.of() : conversation.messages();
    }

    /** The visitor with its verified identity, as agents see it; null when there is no conversation. */
    public ConversationContact getContact() {
        return conversation == null ? null : conversation.contact();
    }

    public List<ContactDevice> getDevices() {
        return devices;
    }

    public Long getRevoking() {
        return revoking;
    }

    public boolean isRevokingAll() {
        return revoking != null && revoking == ALL_DEVICES;
    }

    public List<Summary> getMergedHere() {
        return mergedHere;
    }

    public Summary getSummary() {
        return summary;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getReply() {
        return reply;
    }

    public void setReply(String reply) {
        this.reply = reply;
    }
}
