package dev.parley.admin.console;

import dev.parley.conversation.boundary.ConversationSearch;
import dev.parley.conversation.boundary.ConversationSearch.Criteria;
import dev.parley.conversation.boundary.ConversationSearch.Sort;
import dev.parley.conversation.boundary.ConversationSearch.Summary;
import dev.parley.conversation.boundary.Conversations;
import dev.parley.conversation.entity.ConversationContact;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.MessageView;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

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
 * <p>Where issue 13's other parts plug in: the list's tab (mine / unassigned / all) and assignee
 * filter go into {@link #criteria}, and their row fields into the list's row in {@code index.xhtml}
 * (marked "slot"), as do the assignment buttons, the canned-response picker and the visitor context.
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

    private String status = DEFAULT_STATUS;
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

    /** The GET of the page: the list, and the conversation the URL names ({@code ?c=42}), if any. */
    public void load() {
        loadList();
        if (requested != null) {
            open = requested;
            openConversation();
        }
    }

    /** Opens the conversation named by {@link #getOpen}; ajax, the page stays. */
    public void openConversation() {
        openId = ListFilters.number(open);
        readConversation();
        if (summary == null && open != null) {
            ConsoleMessages.error("There is no conversation " + (open == null ? "" : open) + ".");
            openId = null;
        }
        reply = null;
    }

    /** A nudge or a reconnect: the list as it is now, and the open conversation's messages after {@link #getAfter}. */
    public void resync() {
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

    private List<Long> mergedHere() {
        return search.mergedInto(openId).stream().map(Summary::id).toList();
    }

    /**
     * The list: the search text matches the visitor's name or email (two searches, since a criterion
     * matches both only together), most recent activity first, at most {@value #LIST_LIMIT} rows.
     */
    private void loadList() {
        List<Criteria> searches =
                query == null ? List.of(criteria(null, null)) : List.of(criteria(query, null), criteria(null, query));
        Map<Long, Summary> found = new LinkedHashMap<>();
        listCut = false;
        for (Criteria criteria : searches) {
            List<Summary> page = search.page(criteria, 0, LIST_LIMIT + 1);
            listCut |= page.size() > LIST_LIMIT;
            page.forEach(row -> found.putIfAbsent(row.id(), row));
        }
        Stream<Summary> sorted = found.values().stream()
                .sorted(Comparator.comparing(Summary::updatedAt)
                        .thenComparing(Summary::id)
                        .reversed());
        List<Summary> all = sorted.toList();
        listCut |= all.size() > LIST_LIMIT;
        rows = all.stream().limit(LIST_LIMIT).toList();
    }

    /** Slot: the tabs and the assignee filter of issue 13 narrow the list here. */
    private Criteria criteria(String name, String email) {
        ConversationStatus wanted = Arrays.stream(ConversationStatus.values())
                .filter(s -> s.name().equals(status))
                .findFirst()
                .orElse(null);
        return new Criteria(wanted, null, null, name, email, false, Sort.UPDATED_AT, false);
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
