package dev.parley.merge.boundary;

import dev.parley.merge.entity.ScanResult;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Runs the duplicate scan every 30 minutes on every node. Two nodes scanning at once are safe:
 * each group is merged under its contact row locks and a merged contact is skipped.
 */
@Singleton
public class DuplicateScan {

    private static final Logger LOG = Logger.getLogger(DuplicateScan.class.getName());

    @Inject
    ConversationMerger merger;

    @Schedule(hour = "*", minute = "*/30", persistent = false)
    void scan() {
        ScanResult result = merger.scan("system", "scan-" + UUID.randomUUID());
        if (result.groups() > 0) {
            LOG.info(() -> "duplicate scan: " + result);
        }
    }
}
