package dev.parley.admin.console;

import dev.parley.audit.boundary.AuditSearch;
import dev.parley.audit.boundary.AuditSearch.Criteria;
import dev.parley.audit.entity.AuditEvent;
import dev.parley.schema.entity.Total;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The audit log ({@code audit.xhtml}): search by request id, contact, conversation, action prefix
 * and a UTC time range. Like the conversation list, the criteria are view parameters, so a search
 * is a link (the conversation page links to its own entries).
 */
@Named
@ViewScoped
public class AuditLogPage implements Serializable {

    static final int PAGE_SIZE = 50;

    @Inject
    AuditSearch search;

    private String request;
    private String contact;
    private String conversation;
    private String action;
    private String from;
    private String to;
    private String page;
    private transient List<AuditEvent> entries = List.of();
    private Total total = Total.exactly(0);

    public void load() {
        Criteria criteria = new Criteria(
                request,
                ListFilters.number(contact),
                ListFilters.number(conversation),
                action,
                time("from", from),
                time("to", to));
        total = search.count(criteria);
        entries = search.page(criteria, (getPageNumber() - 1) * PAGE_SIZE, PAGE_SIZE);
    }

    public String search() {
        page = null;
        return "audit?faces-redirect=true&includeViewParams=true";
    }

    private static Instant time(String field, String text) {
        try {
            return text == null ? null : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notATime) {
            ConsoleMessages.error("'" + field + "' is not a time like 2025-01-31T09:30; it was ignored.");
            return null;
        }
    }

    public int getPageNumber() {
        Long number = ListFilters.number(page);
        return (int) Math.min(Math.max(1, number == null ? 1 : number), total.lastPage(PAGE_SIZE));
    }

    /** "Page 2 of 7", or "Page 2" when there are more than {@link Total#LIMIT} matches. */
    public String getPosition() {
        return total.position(getPageNumber(), PAGE_SIZE);
    }

    public List<AuditEvent> getEntries() {
        return entries;
    }

    /** The number of matches for people: exact, or "more than 10,000" ({@link Total}). */
    public String getTotal() {
        return total.text();
    }

    /** Whether a next page exists: beyond {@link Total#LIMIT} matches, after every full page. */
    public boolean isMore() {
        return total.hasMoreAfter(
                (long) (getPageNumber() - 1) * PAGE_SIZE + entries.size(), entries.size() == PAGE_SIZE);
    }

    public String getRequest() {
        return request;
    }

    public void setRequest(String request) {
        this.request = blankToNull(request);
    }

    public String getContact() {
        return contact;
    }

    public void setContact(String contact) {
        this.contact = blankToNull(contact);
    }

    public String getConversation() {
        return conversation;
    }

    public void setConversation(String conversation) {
        this.conversation = blankToNull(conversation);
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = blankToNull(action);
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = blankToNull(from);
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = blankToNull(to);
    }

    public String getPage() {
        return page;
    }

    public void setPage(String page) {
        this.page = blankToNull(page);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
