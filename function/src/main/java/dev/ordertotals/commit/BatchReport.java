package dev.ordertotals.commit;

import java.util.List;
import java.util.Optional;

/**
 * What committing one batch did. Every received record is accounted for exactly once among applied, skipped,
 * quarantined, duplicates and not attempted (after a failure).
 *
 * @param received records in the batch
 * @param applied valid records whose deltas this call committed
 * @param skipped records that change no total and are not malformed: not orders, zero quantity, no-op changes
 * @param quarantined malformed records this call stored in the quarantine (with the deltas of their valid image, if any)
 * @param duplicates records already committed earlier (their marker existed) or repeated within the batch
 * @param notAttempted records left for the retry after a failure, starting at {@link #failedSequenceNumber}
 * @param transactions committed TransactWriteItems calls
 * @param totalsUpdated total updates written by those transactions
 * @param failedSequenceNumber the first record that could not be committed, for the partial batch response
 * @param failure why it could not be committed
 * @param quarantinedRecords the records quarantined by this call, for the log
 */
public record BatchReport(
        int received,
        int applied,
        int skipped,
        int quarantined,
        int duplicates,
        int notAttempted,
        int transactions,
        int totalsUpdated,
        Optional<String> failedSequenceNumber,
        Optional<String> failure,
        List<QuarantinedRecord> quarantinedRecords) {

    public boolean succeeded() {
        return failedSequenceNumber.isEmpty();
    }

    /** A record this call stored in the quarantine. */
    public record QuarantinedRecord(String eventId, String sequenceNumber, String reason) {}
}
