package dev.parley.admin.console;

import dev.parley.agent.entity.Role;
import dev.parley.merge.boundary.ConversationMerger;
import dev.parley.merge.entity.DuplicateSuggestion;
import dev.parley.merge.entity.MergeActor;
import dev.parley.merge.entity.MergePreview;
import dev.parley.merge.entity.MergeResult;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.transaction.Transactional;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The merge tool ({@code merge.xhtml?target=N}): suggests duplicates of the target, previews a merge
 * (the messages that move, the resulting timeline, why it would be refused) and merges only after
 * the agent confirms that preview - exactly the conversations previewed, whatever the form says by then.
 * The preview asks the merge rule as the confirmed merge would (with the different-visitors box ticked),
 * as the logged-in agent: an agent who may not merge two visitors' conversations sees why, and no
 * button to do it; the merge itself checks the same rule again.
 */
@Named
@ViewScoped
public class MergeConversations implements Serializable {

    @Inject
    ConversationMerger merger;

    @Inject
    ExternalContext external;

    private String target;
    private List<String> chosen = new ArrayList<>();
    private String others;
    private boolean crossContactConfirmed;
    private Long previewedTarget;
    private List<Long> previewedSources = List.of();
    private transient MergePreview preview;
    private transient List<DuplicateSuggestion> suggestions = List.of();

    /** One transaction for the reads, so the merge service's entities stay attached from one call to the next. */
    @Transactional
    public void load() {
        preview = null;
        Long targetId = ListFilters.number(target);
        try {
            suggestions = targetId == null ? List.of() : merger.suggestions(targetId);
        } catch (RuntimeException refused) {
            suggestions = List.of();
            ConsoleMessages.refused(refused);
        }
    }

    @Transactional
    public void preview() {
        Long targetId = ListFilters.number(target);
        List<Long> sources = sources();
        preview = null;
        if (targetId == null || sources.isEmpty()) {
            ConsoleMessages.error("Choose the conversation to keep and at least one conversation to merge into it.");
            return;
        }
        try {
            preview = merger.preview(targetId, sources, true, actor());
            previewedTarget = targetId;
            previewedSources = sources;
            crossContactConfirmed = false;
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
        }
    }

    public String merge() {
        String requestId = ConsoleMessages.newRequestId();
        try {
            MergeResult result =
                    merger.merge(previewedTarget, previewedSources, crossContactConfirmed, actor(), requestId);
            ConsoleMessages.done("Merged " + result.merged() + " into " + previewedTarget + ".", requestId);
            external.getFlash().setKeepMessages(true);
            return "conversation?faces-redirect=true&id=" + previewedTarget;
        } catch (RuntimeException refused) {
            ConsoleMessages.refused(refused);
            preview();
            return null;
        }
    }

    private MergeActor actor() {
        return MergeActor.agent(
                external.getUserPrincipal().getName(), external.isUserInRole("ADMIN") ? Role.ADMIN : Role.AGENT);
    }

    private List<Long> sources() {
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        chosen.stream().map(ListFilters::number).filter(Objects::nonNull).forEach(ids::add);
        if (others != null) {
            Arrays.stream(others.split("[,\\s#]+"))
                    .map(ListFilters::number)
                    .filter(Objects::nonNull)
                    .forEach(ids::add);
        }
        return List.copyOf(ids);
    }

    public MergePreview getPreview() {
        return preview;
    }

    public List<Long> getPreviewedSources() {
        return previewedSources;
    }

    public Long getPreviewedTarget() {
        return previewedTarget;
    }

    public List<DuplicateSuggestion> getSuggestions() {
        return suggestions;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public List<String> getChosen() {
        return chosen;
    }

    public void setChosen(List<String> chosen) {
        this.chosen = chosen == null ? new ArrayList<>() : chosen;
    }

    public String getOthers() {
        return others;
    }

    public void setOthers(String others) {
        this.others = others;
    }

    public boolean isCrossContactConfirmed() {
        return crossContactConfirmed;
    }

    public void setCrossContactConfirmed(boolean crossContactConfirmed) {
        this.crossContactConfirmed = crossContactConfirmed;
    }
}
