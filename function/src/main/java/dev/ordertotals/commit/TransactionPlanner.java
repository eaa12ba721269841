package dev.ordertotals.commit;

import dev.ordertotals.aggregation.TotalKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a batch's records, in stream order, into groups that each fit one transaction: markers, quarantine
 * entries and the distinct totals the group touches stay within the action and size limits. A record is never
 * split across groups, so its marker always travels with its deltas.
 */
final class TransactionPlanner {

    private final CommitSettings settings;

    TransactionPlanner(CommitSettings settings) {
        this.settings = settings;
    }

    List<List<PendingRecord>> plan(List<PendingRecord> records) {
        List<List<PendingRecord>> groups = new ArrayList<>();
        List<PendingRecord> group = new ArrayList<>();
        Set<TotalKey> keys = new HashSet<>();
        int stateActions = 0;
        long bytes = 0;
        for (PendingRecord record : records) {
            int recordStateActions = record.effect().quarantined() ? 2 : 1;
            long recordBytes = record.estimatedBytes();
            long newKeys = record.effect().deltas().keySet().stream().filter(key -> !keys.contains(key)).count();
            boolean tooManyActions = stateActions + recordStateActions + keys.size() + newKeys > settings.maxActionsPerTransaction();
            boolean tooLarge = bytes + recordBytes > settings.maxBytesPerTransaction();
            if (!group.isEmpty() && (tooManyActions || tooLarge)) {
                groups.add(group);
                group = new ArrayList<>();
                keys.clear();
                stateActions = 0;
                bytes = 0;
            }
            group.add(record);
            keys.addAll(record.effect().deltas().keySet());
            stateActions += recordStateActions;
            bytes += recordBytes;
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }
}
