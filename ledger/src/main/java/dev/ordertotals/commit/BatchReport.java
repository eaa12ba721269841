package dev.ordertotals.commit;

import java.util.List;

/**
 * What committing one batch did. Every received record is accounted for exactly once among applied, skipped,
 * quarantined, duplicates and not attempted (after a failure).
 *
 * @param received records in the batch
 * @param applied valid records whose deltas this call committed
 * @param skipped records that change no total and are not malformed: not orders, zero quantity, no-op changes
 * @param quarantined malformed records this call stored in the quarantine (with the deltas of their valid image, if any)
 * @param duplicates records already committed earlier (their marker existed) or repeated within the batch
 * @param notAttempted records left for the retry after a failure, starting at the {@link StoppedAt} record
 * @param transactions committed TransactWriteItems calls
 * @param totalsUpdated total updates written by those transactions
 * @param outcome whether every record was accounted for, or where the batch stopped and why
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
        Outcome outcome,
        List<QuarantinedRecord> quarantinedRecords) {

    /** How the batch ended. */
    public sealed interface Outcome {}

    /** Every record is accounted for: committed, skipped, quarantined, parked or a duplicate. */
    public record Complete() implements Outcome {}

    /**
     * The batch stopped: the records from {@code sequenceNumber} on (in stream order) were not committed, and are
     * what the partial batch response asks Lambda to retry.
     */
    public record StoppedAt(String sequenceNumber, String reason) implements Outcome {}

    public boolean succeeded() {
        return outcome instanceof Complete;
    }

    /** A record this call stored in the quarantine. */
    public record QuarantinedRecord(String eventId, String sequenceNumber, String reason) {}
}
