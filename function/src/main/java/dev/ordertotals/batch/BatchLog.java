package dev.ordertotals.batch;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.ordertotals.commit.BatchReport;

/**
 * The function's log lines: one per batch, one per quarantined record (the only line that carries a record's
 * identity), and one per failure. With Lambda's JSON log format each becomes a JSON log event with its level.
 */
final class BatchLog {

    void batch(LambdaLogger logger, BatchReport report, long durationMillis) {
        for (BatchReport.QuarantinedRecord record : report.quarantinedRecords()) {
            logger.log(
                    "Quarantined record eventID=" + record.eventId() + " sequenceNumber=" + record.sequenceNumber()
                            + ": " + record.reason(),
                    LogLevel.WARN);
        }
        String summary = "Batch records=" + report.received() + " applied=" + report.applied() + " skipped="
                + report.skipped()
                + " quarantined=" + report.quarantined() + " duplicates=" + report.duplicates() + " transactions="
                + report.transactions() + " totalsUpdated=" + report.totalsUpdated() + " durationMs=" + durationMillis;
        switch (report.outcome()) {
            case BatchReport.Complete complete -> logger.log(summary, LogLevel.INFO);
            case BatchReport.StoppedAt(String sequenceNumber, String reason) ->
                logger.log(
                        summary + " notAttempted=" + report.notAttempted() + " retryFrom=" + sequenceNumber + " cause="
                                + reason,
                        LogLevel.ERROR);
        }
    }
}
