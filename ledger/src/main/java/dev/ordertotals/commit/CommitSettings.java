package dev.ordertotals.commit;

import java.time.Duration;

/**
 * Limits and timings of the exactly-once commit.
 *
 * @param maxActionsPerTransaction DynamoDB allows 100 actions per TransactWriteItems
 * @param maxBytesPerTransaction DynamoDB allows 4 MB; we stay under it with room for request overhead
 * @param tombstoneTimeToLive how long the ledger entry of a deleted order is kept: well past the stream's 24-hour
 *     retention, so a redelivered record of the order is still recognised
 * @param minRemainingTime a transaction is not started with less time left in the invocation than this, so
 *     the function never times out half-way through a batch
 * @param maxConflictRetries how often a transaction cancelled by a conflict or throttling is retried
 * @param conflictBackoff base delay between those retries (doubled each time, with jitter)
 * @param timeoutPause how long to wait after a transaction timed out before its orders are tried again in smaller
 *     ones: a slow engine is still working on the abandoned attempt, and the retry would queue behind it
 */
public record CommitSettings(
        int maxActionsPerTransaction,
        long maxBytesPerTransaction,
        Duration tombstoneTimeToLive,
        Duration minRemainingTime,
        int maxConflictRetries,
        Duration conflictBackoff,
        Duration timeoutPause) {

    public static final int DYNAMODB_MAX_ACTIONS = 100;

    /**
     * What one DynamoDB call may take, retries included: the function's client is built with it, and a transaction
     * is only started with more than this left in the invocation.
     */
    public static final Duration DYNAMODB_CALL_TIMEOUT = Duration.ofSeconds(5);

    /** The settings the function runs with (the tools' commits use them too, so they behave as the function does). */
    public static CommitSettings defaults() {
        return new CommitSettings(
                DYNAMODB_MAX_ACTIONS,
                3_500_000L,
                Duration.ofDays(7),
                DYNAMODB_CALL_TIMEOUT.plusSeconds(1),
                5,
                Duration.ofMillis(25),
                Duration.ofMillis(500));
    }

    public CommitSettings {
        if (maxActionsPerTransaction < 4 || maxActionsPerTransaction > DYNAMODB_MAX_ACTIONS) {
            // 4: one order's ledger update, its two totals, and one spare for a corrected expectation.
            throw new IllegalArgumentException(
                    "maxActionsPerTransaction must be within 4..100: " + maxActionsPerTransaction);
        }
    }

    public CommitSettings withMaxActionsPerTransaction(int maxActions) {
        return new CommitSettings(
                maxActions,
                maxBytesPerTransaction,
                tombstoneTimeToLive,
                minRemainingTime,
                maxConflictRetries,
                conflictBackoff,
                timeoutPause);
    }

    public CommitSettings withMinRemainingTime(Duration minRemaining) {
        return new CommitSettings(
                maxActionsPerTransaction,
                maxBytesPerTransaction,
                tombstoneTimeToLive,
                minRemaining,
                maxConflictRetries,
                conflictBackoff,
                timeoutPause);
    }

    public CommitSettings withTimeoutPause(Duration pause) {
        return new CommitSettings(
                maxActionsPerTransaction,
                maxBytesPerTransaction,
                tombstoneTimeToLive,
                minRemainingTime,
                maxConflictRetries,
                conflictBackoff,
                pause);
    }
}
