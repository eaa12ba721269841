package dev.ordertotals.tools.replay;

import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.tools.failure.OnFailureMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Applies the batches the event source gave up on: for each on-failure message, re-reads its records from the
 * stream and commits them through the handler's {@link ExactlyOnceCommitter}, so records that were applied
 * before (the committed part of a partly failed batch) are recognized by their markers and not counted twice.
 * A message is deleted only once its whole range is committed.
 */
public final class Replayer {

    /** Long enough for one range to be re-read and committed before SQS shows the message to anyone else. */
    private static final int VISIBILITY_TIMEOUT_SECONDS = 300;

    private final SqsClient sqs;
    private final ExactlyOnceCommitter committer;
    private final StreamRange range;

    /** What happened to one message. */
    public sealed interface Outcome {

        String messageId();

        record Applied(String messageId, OnFailureMessage message, BatchReport report) implements Outcome {
        }

        /** Kept in the queue: the records are no longer in the stream. */
        record Expired(String messageId, OnFailureMessage message, String reason) implements Outcome {
        }

        /** Kept in the queue: not an on-failure record of a DynamoDB stream. */
        record Unreadable(String messageId, String reason) implements Outcome {
        }

        /** Kept in the queue: committing failed (the committed part stays committed; a rerun goes on from there). */
        record Failed(String messageId, OnFailureMessage message, String reason) implements Outcome {
        }
    }

    public Replayer(DynamoDbStreamsClient streams, SqsClient sqs, ExactlyOnceCommitter committer) {
        this.sqs = sqs;
        this.committer = committer;
        this.range = new StreamRange(streams);
    }

    /** Replays every message in the queue once; messages that cannot be applied stay for a later look. */
    public List<Outcome> replayAll(String queueUrl, Consumer<Outcome> progress) {
        List<Outcome> outcomes = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(VISIBILITY_TIMEOUT_SECONDS).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return outcomes;
            }
            for (Message message : messages) {
                Outcome outcome = replay(message);
                if (outcome instanceof Outcome.Applied) {
                    sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
                outcomes.add(outcome);
                progress.accept(outcome);
            }
        }
    }

    Outcome replay(Message received) {
        OnFailureMessage message;
        try {
            message = OnFailureMessage.parse(received.body());
        } catch (IllegalArgumentException e) {
            return new Outcome.Unreadable(received.messageId(), e.getMessage());
        }
        return switch (range.read(message.batch())) {
            case StreamRange.Read.Expired(String reason) -> new Outcome.Expired(received.messageId(), message, reason);
            case StreamRange.Read.Complete complete -> {
                // No Lambda deadline here: the committer may take as long as the range needs.
                BatchReport report = committer.commit(complete.changes(), () -> Long.MAX_VALUE);
                yield report.succeeded()
                        ? new Outcome.Applied(received.messageId(), message, report)
                        : new Outcome.Failed(received.messageId(), message, report.failure().orElse("commit failed"));
            }
        };
    }
}
