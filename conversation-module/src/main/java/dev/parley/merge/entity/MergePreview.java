package dev.parley.merge.entity;

import dev.parley.conversation.entity.ConversationView;
import dev.parley.conversation.entity.MessageView;
import java.util.List;

/**
 * What a merge would do, for the console's confirmation: the messages that would move, the target's
 * resulting timeline in time order, its resulting status, and why the merge would be refused, if it would.
 */
public record MergePreview(ConversationView target, List<MessageView> moving, List<MessageView> timeline,
        String resultingStatus, boolean crossContact, List<String> problems) {
}
