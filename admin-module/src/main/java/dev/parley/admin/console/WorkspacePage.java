package dev.parley.admin.console;

import dev.parley.agent.boundary.Agents;
import dev.parley.agent.boundary.Presences;
import dev.parley.agent.entity.AgentView;
import dev.parley.canned.boundary.CannedResponses;
import dev.parley.contact.boundary.Contacts;
import dev.parley.contact.entity.VisitorContextView;
import dev.parley.conversation.boundary.ConversationSearch;
import dev.parley.conversation.boundary.ConversationSearch.Criteria;
import dev.parley.conversation.boundary.ConversationSearch.Sort;
import dev.parley.conversation.boundary.ConversationSearch.Summary;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.boundary.SeenMarks;
import dev.parley.conversation.entity.AssigneeFilter;
import dev.parley.conversation.entity.ConversationContact;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.MessageView;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The agent's workspace ({@code index.xhtml}, the console's start page): the conversation list, the
 * open conversation and its visitor on one screen. Opening a conversation is an ajax request that
 * re-renders the middle and right panes; the page's script keeps {@code ?c=<id>} in the address bar.
 *
 * <p>Live and gapless: on every {@link ConsoleUpdates} nudge and after every (re)connect of the push
 * socket the page calls {@link #resync}, which re-reads the list (its current state, never a time
 * window) and reads the open conversation's messages after the highest message id the page shows
 * ({@link Conversations#messagesAfter}, by id). The page appends those it does not show yet, so a
 * message arrives exactly once however many nudges or reconnects announce it. A merge into or out of
 * the open conversation moves messages with lower ids, so then the whole timeline is read again.
 *
 * <p>For the agent: the list's tabs (mine / unassigned / all) are the search's assignee filter, the
 * agent's own live conversations come first, and every row carries its assignee and the agent's unread
 * count; the open conversation is marked seen when it is opened and on every resync while the page is
 * visible (the page says so); the header assigns (a lost "assign to me" race names the winner), the
 * reply box offers the inbox's canned responses filled for this visitor, and the visitor pane shows
 * where the visitor is now. The page reports the agent ONLINE when it loads, and keeps it alive.
 */
@Named
@ViewScoped
public class WorkspacePage implements Serializable {

    /** Rows the list shows; the full list with paging is {@code conversations.xhtml}. */
    static final int LIST_LIMIT = 50;

    static final int PREVIOUS_LIMIT = 20;

    static final String DEFAULT_STATUS = ConversationStatus.OPEN.name();

    private static final String MERGED = ConversationStatus.MERGED.name();

    @Inject
    ConversationSearch search;

    @Inject
    Conversations conversations;

    @Inject
    ConversationActions actions;

    @Inject
    SeenMarks seenMarks;

    @Inject
    Agents agents;

    @Inject
    Presences presences;

    @Inject
    Contacts contacts;

    @Inject
    CannedResponses cannedResponses;

    /** Options the canned-response picker shows at once. */
    static final int PICKER_LIMIT = 8;

    static final String ALL = "all";
    static final String MINE = "mine";
    static final String UNASSIGNED = "unassigned";

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm (EEE)", Locale.ENGLISH);

    private String status = DEFAULT_STATUS;
    private String tab = ALL;
    private Long agentId;
    private String visible;
    private String assignTo;
    private String cannedQuery;
    private String presence;
    private String query;
    private String requested;
    private String open;
    private String after;
    private String reply;
    private Long openId;
    private List<Long> mergedHereIds = List.of();
    private boolean listCut;

    private transient boolean sent;
    private transient List<Summary> rows = List.of();
    private transient Summary summary;
    private transient ConversationContact contact;
    private transient List<MessageView> messages = List.of();
    private transient List<MessageView> incoming = List.of();
    private transient List<Summary> previous = List.of();
    private transient long totalUnread;
    private transient VisitorContextView context;
    private transient List<AgentView> team;
    private transient List<CannedOption> canned = List.of();

    /** One option of the canned-response picker: its text already filled for the open conversation. */
    public record CannedOption(long id, String shortCode, String title, String text) {}

    /** The GET of the page: the list, and the conversation the URL names ({@code ?c=42}), if any. */
    public void load() {
        presence = actions.reportPresence("ONLINE");
        if (requested != null) {
            open = requested;
            openConversation();
        } else {
            loadList();
        }
    }

    /** Opens the conversation named by {@link #getOpen}; ajax, the page stays. */
    public void openConversation() {
        openId = ListFilters.number(open);
        readConversation();
        if (summary == null && open != null) {
            ConsoleMessages.error("There is no conversation " + open + ".");
            openId = null;
        }
        reply = null;
        markSeen();
        loadList();
    }

    /** A nudge or a reconnect: the list as it is now, and the open conversation's messages after {@link #getAfter}. */
    public void resync() {
        markSeen();
        loadList();
        if (openId == null) {
            incoming = List.of();
            return;
        }
        String statusBefore = summary == null ? null : summary.status();
        summary = search.find(openId).orElse(null);
        List<Long> merged = mergedHere();
        boolean moved = summary == null
                || shownAfter() < 0
                || !merged.equals(mergedHereIds)
                || !Objects.equals(statusBefore, summary.status())
                        && (MERGED.equals(summary.status()) || MERGED.equals(statusBefore));
        if (moved) {
            readConversation();
            FacesContext.getCurrentInstance()
                    .getPartialViewContext()
                    .getRenderIds()
                    .addAll(List.of("timeline", "visitor"));
        } else {
            incoming = conversations.messagesAfter(openId, shownAfter());
            context = visitorContext();
        }
    }

    /** Assign to me; a lost race tells who won, and the page shows the conversation as it is now. */
    public void take() {
        Summary current = current();
        if (current != null) {
            actions.take(current.id());
        }
        resync();
    }

    /** Assign to the agent chosen in "Assign to…" ({@link #getAssignTo}), or to nobody when it is empty. */
    public void assign() {
        Summary current = current();
        if (current != null) {
            actions.assign(current.id(), ListFilters.number(assignTo));
        }
        assignTo = null;
        resync();
    }

    public void unassign() {
        Summary current = current();
        if (current != null) {
            actions.assign(current.id(), null);
        }
        resync();
    }

    /** The agent's own choice of presence (ONLINE, AWAY, OFFLINE). */
    public void changePresence() {
        presence = actions.reportPresence(presence);
    }

    /** The page is in use: keeps a reported ONLINE from fading to away. */
    public void heartbeat() {
        actions.heartbeat();
    }

    /** The picker's options for what follows the {@code /} in the reply box, filled for the open conversation. */
    public void searchCanned() {
        Summary current = current();
        canned = current == null ? List.of() : actions.canned(current.id(), cannedQuery, PICKER_LIMIT);
    }

    /** Everything the open conversation shows is seen, when the agent can see the page. */
    private void markSeen() {
        if (openId != null && summary != null && "true".equals(visible)) {
            actions.markSeen(openId);
        }
    }

    public void send() {
        Summary current = current();
        if (current == null) {
            ConsoleMessages.error("Open a conversation first.");
            return;
        }
        sent = actions.reply(current.id(), current.contactId(), reply);
        if (sent) {
            reply = null;
        }
        resync();
    }

    public void changeStatus(String wanted) {
        Summary current = current();
        if (current != null) {
            actions.changeStatus(current.id(), wanted);
        }
        resync();
    }

    /** The reply box calls this when the agent starts typing and when they pause; only pushed to the visitor. */
    public void typing(boolean typing) {
        Summary current = current();
        if (current != null) {
            actions.typing(current.id(), current.contactId(), typing);
        }
    }

    /** The open conversation's line, read again if this view was restored without it. */
    private Summary current() {
        if (summary == null && openId != null) {
            summary = search.find(openId).orElse(null);
        }
        return summary;
    }

    public void filter() {
        loadList();
    }

    private void readConversation() {
        ConversationView view =
                openId == null ? null : conversations.find(openId).orElse(null);
        summary = view == null ? null : search.find(openId).orElse(null);
        contact = view == null ? null : view.contact();
        messages = view == null ? List.of() : view.messages();
        context = visitorContext();
        incoming = List.of();
        mergedHereIds = summary == null ? List.of() : mergedHere();
        previous = summary == null
                ? List.of()
                : search
                        .page(
                                new Criteria(
                                        null, null, summary.contactId(), null, null, false, Sort.CREATED_AT, false),
                                0,
                                PREVIOUS_LIMIT + 1)
                        .stream()
                        .filter(other -> other.id() != summary.id())
                        .limit(PREVIOUS_LIMIT)
                        .toList();
    }

    /**
     * The highest message id the page's timeline shows, from {@code after} = "conversation:message" as
     * the page sent it; -1 when the page's timeline shows another conversation (a request overtaken by
     * an open), which the page then gets whole.
     */
    private long shownAfter() {
        String[] parts = after == null ? new String[0] : after.split(":", 2);
        Long conversation = parts.length == 2 ? ListFilters.number(parts[0]) : null;
        Long message = parts.length == 2 ? ListFilters.number(parts[1]) : null;
        if (!Objects.equals(conversation, openId)) {
            return -1;
        }
        return message == null ? 0 : message;
    }

    /** Where the open conversation's visitor is now, as their widget last reported it. */
    private VisitorContextView visitorContext() {
        return summary == null ? null : contacts.context(summary.contactId()).orElse(null);
    }

    private List<Long> mergedHere() {
        return search.mergedInto(openId).stream().map(Summary::id).toList();
    }

    /**
     * The list: the tab's assignee filter, the search text in the visitor's name, email or messages, the
     * agent's own live conversations first, then most recent activity, at most {@value #LIST_LIMIT} rows;
     * and the agent's unread total, for the tab title.
     */
    private void loadList() {
        List<Summary> page = search.page(criteria(), 0, LIST_LIMIT + 1);
        listCut = page.size() > LIST_LIMIT;
        rows = page.stream().limit(LIST_LIMIT).toList();
        totalUnread = actions.totalUnread();
    }

    private Criteria criteria() {
        ConversationStatus wanted = Arrays.stream(ConversationStatus.values())
                .filter(s -> s.name().equals(status))
                .findFirst()
                .orElse(null);
        AssigneeFilter assignee = switch (tab) {
            case MINE -> AssigneeFilter.ME;
            case UNASSIGNED -> AssigneeFilter.NONE;
            default -> AssigneeFilter.ANY;
        };
        return new Criteria(
                wanted, null, null, null, null, false, Sort.UPDATED_AT, false, assignee, query, callerId(), true);
    }

    private Long callerId() {
        if (agentId == null) {
            agentId = actions.agentId();
        }
        return agentId;
    }

    public long getTotalUnread() {
        return totalUnread;
    }

    public VisitorContextView getContext() {
        return context;
    }

    /** The visitor's wall clock now, from the time zone their browser reported; null when unknown. */
    public String getLocalTime() {
        return context == null
                ? null
                : context.localTime(Instant.now())
                        .map(ZonedDateTime::toLocalDateTime)
                        .map(LOCAL_TIME::format)
                        .orElse(null);
    }

    /** The enabled agents with their presence, for "Assign to…"; read once per request. */
    public List<AgentView> getTeam() {
        if (team == null) {
            team = actions.team();
        }
        return team;
    }

    public Long getAgentId() {
        return callerId();
    }

    public List<CannedOption> getCanned() {
        return canned;
    }

    public boolean isMine(Summary row) {
        return row.assignee() != null && Objects.equals(row.assignee().id(), callerId());
    }

    public String getTab() {
        return tab;
    }

    public void setTab(String tab) {
        this.tab = MINE.equals(tab) || UNASSIGNED.equals(tab) ? tab : ALL;
    }

    public String getVisible() {
        return visible;
    }

    public void setVisible(String visible) {
        this.visible = visible;
    }

    public String getAssignTo() {
        return assignTo;
    }

    public void setAssignTo(String assignTo) {
        this.assignTo = assignTo;
    }

    public String getCannedQuery() {
        return cannedQuery;
    }

    public void setCannedQuery(String cannedQuery) {
        this.cannedQuery = cannedQuery == null || cannedQuery.isBlank() ? null : cannedQuery.strip();
    }

    public String getPresence() {
        return presence;
    }

    public void setPresence(String presence) {
        this.presence = presence;
    }

    public List<Summary> getRows() {
        return rows;
    }

    public boolean isListCut() {
        return listCut;
    }

    public Summary getSummary() {
        return summary;
    }

    public ConversationContact getContact() {
        return contact;
    }

    public List<MessageView> getMessages() {
        return messages;
    }

    public List<MessageView> getIncoming() {
        return incoming;
    }

    public List<Summary> getPrevious() {
        return previous;
    }

    /** True right after a reply was stored: the page empties its reply box (a refused reply stays for editing). */
    public boolean isSent() {
        return sent;
    }

    public Long getOpenId() {
        return openId;
    }

    public List<ConversationStatus> getStatuses() {
        return Arrays.asList(ConversationStatus.values());
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status == null || status.isBlank() ? null : status.strip();
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query == null || query.isBlank() ? null : query.strip();
    }

    public String getRequested() {
        return requested;
    }

    public void setRequested(String requested) {
        this.requested = requested == null || requested.isBlank() ? null : requested.strip();
    }

    public String getOpen() {
        return open;
    }

    public void setOpen(String open) {
        this.open = open == null || open.isBlank() ? null : open.strip();
    }

    public String getAfter() {
        return after;
    }

    public void setAfter(String after) {
        this.after = after;
    }

    public String getReply() {
        return reply;
    }

    public void setReply(String reply) {
        this.reply = reply;
    }
}
