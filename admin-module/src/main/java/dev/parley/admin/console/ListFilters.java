package dev.parley.admin.console;

import dev.parley.conversation.boundary.ConversationSearch.Criteria;
import dev.parley.conversation.boundary.ConversationSearch.Sort;
import dev.parley.conversation.entity.ConversationStatus;
import dev.parley.problem.boundary.Ids;
import java.io.Serializable;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The list's view parameters, kept as the text of the URL: a hand-edited or stale link never fails
 * conversion, it just filters less ({@code status=FOO} means any status, {@code page=x} the first page).
 * {@code contact} is a contact id or part of a name.
 */
public class ListFilters implements Serializable {

    private String status;
    private String inbox;
    private String contact;
    private String email;
    private String duplicates;
    private String sort;
    private String page;

    Criteria criteria() {
        ConversationStatus wanted = Arrays.stream(ConversationStatus.values())
                .filter(s -> s.name().equals(status))
                .findFirst()
                .orElse(null);
        Long contactId = number(contact);
        Sort by = switch (sortColumn()) {
            case "created" -> Sort.CREATED_AT;
            case "id" -> Sort.ID;
            default -> Sort.UPDATED_AT;
        };
        return new Criteria(
                wanted,
                number(inbox),
                contactId,
                contactId == null ? contact : null,
                email,
                isDuplicatesOnly(),
                by,
                ascending());
    }

    /** {@code updated}, {@code created} or {@code id}: the part of {@code sort=created-asc} before the dash. */
    String sortColumn() {
        String column = sort == null ? "updated" : sort.split("-", 2)[0];
        return column.equals("created") || column.equals("id") ? column : "updated";
    }

    boolean ascending() {
        return sort != null && sort.endsWith("-asc");
    }

    long pageNumber() {
        Long number = number(page);
        return number == null ? 1 : number;
    }

    static Long number(String text) {
        OptionalLong number = Ids.parse(text);
        return number.isPresent() ? number.getAsLong() : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public boolean isDuplicatesOnly() {
        return "true".equals(duplicates);
    }

    public void setDuplicatesOnly(boolean duplicatesOnly) {
        this.duplicates = duplicatesOnly ? "true" : null;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = blankToNull(status);
    }

    public String getInbox() {
        return inbox;
    }

    public void setInbox(String inbox) {
        this.inbox = blankToNull(inbox);
    }

    public String getContact() {
        return contact;
    }

    public void setContact(String contact) {
        this.contact = blankToNull(contact);
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = blankToNull(email);
    }

    public String getDuplicates() {
        return duplicates;
    }

    public void setDuplicates(String duplicates) {
        this.duplicates = blankToNull(duplicates);
    }

    public String getSort() {
        return sort;
    }

    public void setSort(String sort) {
        this.sort = blankToNull(sort);
    }

    public String getPage() {
        return page;
    }

    public void setPage(String page) {
        this.page = blankToNull(page);
    }
}
