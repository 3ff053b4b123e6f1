package dev.parley.merge.entity;

import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.MessageView;
import dev.parley.problem.entity.Problem;
import java.util.List;

/**
 * What a merge would do, for the console's confirmation, read off the same {@link MergePlan} the merge
 * executes: the messages that would move, the target's resulting timeline in time order, its resulting
 * status, the sources that would move ({@code merging}) or stay as they are ({@code unchanged}), and
 * why the merge would be refused: {@code problems} as text, {@code refusals} as the problems the merge
 * would answer (the first one is its answer).
 */
public record MergePreview(
        ConversationView target,
        List<MessageView> moving,
        List<MessageView> timeline,
        String resultingStatus,
        boolean crossContact,
        List<String> problems,
        List<Long> merging,
        List<Long> unchanged,
        boolean reopens,
        List<Problem> refusals) {

    public static MergePreview of(
            ConversationView target, List<MessageView> moving, List<MessageView> timeline, MergePlan plan) {
        return new MergePreview(
                target,
                moving,
                timeline,
                plan.resultingStatus().name(),
                plan.crossContact(),
                plan.refusals().stream().map(MergePlan.Refusal::detail).toList(),
                plan.moving(),
                plan.unchanged(),
                plan.reopens(),
                plan.refusals().stream().map(MergePlan.Refusal::problem).toList());
    }
}
