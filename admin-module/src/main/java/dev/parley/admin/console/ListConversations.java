package dev.parley.admin.console;

import dev.parley.conversation.boundary.ConversationSearch;
import dev.parley.conversation.boundary.ConversationSearch.Criteria;
import dev.parley.conversation.boundary.ConversationSearch.Summary;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.inbox.boundary.Inboxes;
import dev.parley.inbox.entity.Inbox;
import dev.parley.schema.entity.Total;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The full conversation list ({@code conversations.xhtml}), for supervisors and the "has duplicates"
 * search; agents work in the {@link WorkspacePage}. Filters, sort and page are view parameters, so every
 * list is a bookmarkable GET and the filter form redirects to one; {@link #load} runs on the GET
 * and again whenever {@link ConsoleUpdates} says something changed, with the same filters.
 */
@Named
@ViewScoped
public class ListConversations implements Serializable {

    static final int PAGE_SIZE = 20;

    @Inject
    ConversationSearch search;

    @Inject
    Inboxes inboxes;

    private final ListFilters filters = new ListFilters();
    private transient List<Summary> rows = List.of();
    private Total total = Total.exactly(0);

    public void load() {
        Criteria criteria = filters.criteria();
        total = search.count(criteria);
        rows = search.page(criteria, (getPage() - 1) * PAGE_SIZE, PAGE_SIZE);
    }

    public String filter() {
        filters.setPage(null);
        return "conversations?faces-redirect=true&includeViewParams=true";
    }

    public ListFilters getFilters() {
        return filters;
    }

    public List<Summary> getRows() {
        return rows;
    }

    /** The number of matches for people: exact, or "more than 10,000" ({@link Total}). */
    public String getTotal() {
        return total.text();
    }

    /** Whether a next page exists: beyond {@link Total#LIMIT} matches, after every full page. */
    public boolean isMore() {
        return total.hasMoreAfter((long) (getPage() - 1) * PAGE_SIZE + rows.size(), rows.size() == PAGE_SIZE);
    }

    public int getPage() {
        return (int) Math.min(Math.max(1, filters.pageNumber()), total.lastPage(PAGE_SIZE));
    }

    /** "Page 2 of 7", or "Page 2" when there are more than {@link Total#LIMIT} matches. */
    public String getPosition() {
        return total.position(getPage(), PAGE_SIZE);
    }

    public List<ConversationStatus> getStatuses() {
        return Arrays.asList(ConversationStatus.values());
    }

    public List<Inbox> getInboxes() {
        return inboxes.all();
    }

    /** The sort parameter a column header links to: the other direction if the list is sorted by it already. */
    public String sortLink(String column) {
        return column.equals(filters.sortColumn()) && !filters.ascending() ? column + "-asc" : column + "-desc";
    }

    public String sortMark(String column) {
        return !column.equals(filters.sortColumn()) ? "" : filters.ascending() ? "\u25B2" : "\u25BC";
    }
}
