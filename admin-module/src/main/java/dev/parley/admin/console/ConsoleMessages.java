package dev.parley.admin.console;

import dev.parley.audit.control.RequestIds;
import dev.parley.problem.entity.FieldError;
import dev.parley.problem.entity.ProblemException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the domain's answers into what an agent reads at the top of the page. Every console action
 * gets its own request id, shown with the outcome, so the audit log can be searched for it.
 */
final class ConsoleMessages {

    private ConsoleMessages() {}

    static String newRequestId() {
        return RequestIds.fresh("console");
    }

    static void done(String summary, String requestId) {
        FacesContext.getCurrentInstance()
                .addMessage(
                        null, new FacesMessage(FacesMessage.SEVERITY_INFO, summary, "Request id " + requestId + "."));
    }

    static void refused(RuntimeException failure) {
        ProblemException problem = problem(failure);
        error(problem == null ? "Something went wrong; nothing was changed." : describe(problem));
    }

    /** The HTTP status the refusal would have in the API; 500 when it is not a problem. */
    static int status(RuntimeException failure) {
        ProblemException problem = problem(failure);
        return problem == null ? 500 : problem.status();
    }

    /**
     * A refusal of a form: when every field error names one of {@code fields}, each goes under its input
     * ({@code form:field}) and the summary to the top; anything else to the top of the page.
     */
    static void fieldErrors(ProblemException problem, String form, Set<String> fields) {
        List<FieldError> errors = problem.toProblem().errors() == null
                ? List.of()
                : problem.toProblem().errors();
        if (errors.isEmpty() || !errors.stream().allMatch(e -> fields.contains(e.field()))) {
            refused(problem);
            return;
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        error(problem.getMessage());
        errors.forEach(e -> faces.addMessage(
                form + ":" + e.field(), new FacesMessage(FacesMessage.SEVERITY_ERROR, e.message(), null)));
    }

    static void error(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }

    private static ProblemException problem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
        }
        return null;
    }

    private static String describe(ProblemException problem) {
        String fields = problem.toProblem().errors() == null
                ? ""
                : problem.toProblem().errors().stream()
                        .map(e -> e.field() + " " + e.message())
                        .collect(Collectors.joining("; ", " (", ")"));
        return problem.getMessage() + fields;
    }
}
