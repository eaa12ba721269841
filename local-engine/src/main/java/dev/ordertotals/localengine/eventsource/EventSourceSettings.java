package dev.ordertotals.localengine.eventsource;

import java.time.Duration;
import java.util.Optional;

/**
 * The event source mapping as the template configures it, plus the emulator's own timings.
 *
 * @param maximumRetryAttempts retries after the first failed attempt; -1 retries until the records expire
 * @param maximumRecordAge records older than this are given up on; empty: never (the stream's retention)
 * @param onFailureQueueUrl where to send the metadata of a batch given up on; empty: it is only logged
 */
public record EventSourceSettings(
        String streamArn,
        int batchSize,
        boolean startAtLatest,
        int maximumRetryAttempts,
        Optional<Duration> maximumRecordAge,
        boolean reportBatchItemFailures,
        boolean bisectOnError,
        Optional<String> onFailureQueueUrl,
        String functionArn,
        Timings timings) {

    /**
     * @param pollInterval pause between polls of an idle stream (Lambda polls each shard about 4 times a second)
     * @param initialBackoff pause before the first retry, doubled for each further one
     * @param maxBackoff the longest pause between retries
     */
    public record Timings(Duration pollInterval, Duration initialBackoff, Duration maxBackoff) {

        public static Timings interactive() {
            return new Timings(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(5));
        }

        public static Timings fast() {
            return new Timings(Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(50));
        }
    }

    public EventSourceSettings withTimings(Timings newTimings) {
        return new EventSourceSettings(
                streamArn,
                batchSize,
                startAtLatest,
                maximumRetryAttempts,
                maximumRecordAge,
                reportBatchItemFailures,
                bisectOnError,
                onFailureQueueUrl,
                functionArn,
                newTimings);
    }

    public EventSourceSettings withMaximumRetryAttempts(int attempts) {
        return new EventSourceSettings(
                streamArn,
                batchSize,
                startAtLatest,
                attempts,
                maximumRecordAge,
                reportBatchItemFailures,
                bisectOnError,
                onFailureQueueUrl,
                functionArn,
                timings);
    }
}
