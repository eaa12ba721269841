package dev.ordertotals.operator.replay;

import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.operator.cli.Errors;
import dev.ordertotals.operator.reconcile.Reconciler;
import dev.ordertotals.stream.StreamChange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Applies the batches the event source gave up on: for each on-failure message, re-reads its records from the
 * stream and commits them through the handler's {@link ExactlyOnceCommitter}, so records that were applied
 * before (the committed part of a partly failed batch) are recognized by their eventIDs and not counted twice.
 *
 * <p>Then it reconciles the orders the range touched ({@link Reconciler#reconcile}): the range is applied late,
 * after the newer records of the same orders, and each record moves its order's ledger entry to its own new image,
 * so an order changed again after the range would be left at an older image. Reconcile moves each entry (and the
 * totals) to the order's current image, under the same conditions as the function's writes, so it is safe while
 * the function runs. A message is deleted only once its whole range is committed and every order it touched
 * reconciled; an order reconcile could not move (DynamoDB refused it, or its entry kept changing) keeps the message.
 *
 * <p>The range is committed as late records ({@link ExactlyOnceCommitter#forLateRecords}): its moves leave the
 * entries' quarantine notes as they are, because a note may be a newer record's (a {@code refused} record parked
 * after the range was given up on: the order's newer image is not counted yet) and an older record must never clear
 * it. Reconciling the orders right after sets or clears each note from the order's current image.
 */
public final class Replayer {

    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("\\d{1,64}");

    /** Long enough for one range to be re-read and committed before SQS shows the message to anyone else. */
    static final int VISIBILITY_TIMEOUT_SECONDS = 300;

    private final SqsClient sqs;
    private final ExactlyOnceCommitter committer;
    private final StreamRange range;
    private final Function<String, Reconciler> reconcilers;
    private final Map<String, Reconciler> byTable = new HashMap<>();
    private Function<OnFailureRecord, Optional<String>> refusal = message -> Optional.empty();

    /** What happened to one message. */
    public sealed interface MessageOutcome {

        String messageId();

        /** @param reconciled what reconciling the orders the range touched did */
        record Applied(String messageId, OnFailureRecord message, BatchReport report, Reconciler.Result reconciled)
                implements MessageOutcome {}

        /** Kept in the queue: the records are no longer in the stream. */
        record Expired(String messageId, OnFailureRecord message, String reason) implements MessageOutcome {}

        /** Kept in the queue: not an on-failure record of a DynamoDB stream. */
        record Unreadable(String messageId, String reason) implements MessageOutcome {}

        /** Kept in the queue: committing failed (the committed part stays committed; a rerun goes on from there). */
        record Failed(String messageId, OnFailureRecord message, String reason) implements MessageOutcome {}

        /** Kept in the queue: the range is of another pipeline's orders stream, not this one's. */
        record Foreign(String messageId, OnFailureRecord message, String reason) implements MessageOutcome {}
    }

    /**
     * One pass over the queue.
     *
     * @param inFlight messages this run could not see: received by another run of {@code replay} still going, or by
     *     one that stopped less than {@value #VISIBILITY_TIMEOUT_SECONDS} s ago (SQS's approximate count)
     */
    public record Run(List<MessageOutcome> outcomes, int inFlight) {}

    /**
     * @param committer the function's commit path; the ranges go through its {@link ExactlyOnceCommitter#forLateRecords}
     * @param reconcilers a reconciler for the orders table of a given name (the table of the message's stream)
     */
    public Replayer(
            DynamoDbStreamsClient streams,
            SqsClient sqs,
            ExactlyOnceCommitter committer,
            Function<String, Reconciler> reconcilers) {
        this.sqs = sqs;
        // Late records: a newer record's note (a parked, refused one above all) is never cleared by an older one.
        this.committer = committer.forLateRecords();
        this.range = new StreamRange(streams);
        this.reconcilers = reconcilers;
    }

    /**
     * Only ranges this check accepts are applied; the others are kept as {@link MessageOutcome.Foreign} with its
     * reason (the command's check that a message names this pipeline's orders stream).
     */
    public Replayer refusing(Function<OnFailureRecord, Optional<String>> refusal) {
        this.refusal = refusal;
        return this;
    }

    /** Replays every message in the queue once; messages that cannot be applied stay for a later look. */
    public List<MessageOutcome> replayAll(String queueUrl, Consumer<MessageOutcome> progress) {
        return replayQueue(queueUrl, progress).outcomes();
    }

    /**
     * Replays every message in the queue once. A message that cannot be applied (expired, failed, unreadable, of
     * another pipeline) is kept, reported, and the run goes on with the rest; at the end the kept ones are made
     * visible again at once, so a rerun (and the alarm) sees them, and the messages other runs hold are counted.
     */
    public Run replayQueue(String queueUrl, Consumer<MessageOutcome> progress) {
        List<MessageOutcome> outcomes = new ArrayList<>();
        Map<String, Message> kept = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(VISIBILITY_TIMEOUT_SECONDS)
                            .waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                if (!seen.add(message.messageId())) {
                    // Shown again after its visibility timeout in a long run: already reported, kept as it was.
                    kept.put(message.messageId(), message);
                    continue;
                }
                MessageOutcome outcome = attempt(message);
                if (outcome instanceof MessageOutcome.Applied) {
                    sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                } else {
                    kept.put(message.messageId(), message);
                }
                outcomes.add(outcome);
                progress.accept(outcome);
            }
        }
        int inFlight = Math.max(0, notVisible(queueUrl) - kept.size());
        kept.values().forEach(message -> release(queueUrl, message));
        return new Run(outcomes, inFlight);
    }

    /** One message, whatever it holds: a message that cannot be read or applied is an outcome, not the run's end. */
    private MessageOutcome attempt(Message received) {
        OnFailureRecord message;
        try {
            message = OnFailureRecord.parse(received.body());
            ordersTable(message.batch().streamArn());
        } catch (RuntimeException e) {
            return new MessageOutcome.Unreadable(received.messageId(), e.getMessage());
        }
        Optional<String> badRange = rangeProblem(message.batch());
        if (badRange.isPresent()) {
            return new MessageOutcome.Unreadable(received.messageId(), badRange.get());
        }
        Optional<String> refused = refusal.apply(message);
        if (refused.isPresent()) {
            return new MessageOutcome.Foreign(received.messageId(), message, refused.get());
        }
        try {
            return replay(received);
        } catch (SdkClientException cannotReach) {
            // The service is out of reach: every other message would fail the same way.
            throw cannotReach;
        } catch (RuntimeException e) {
            return new MessageOutcome.Failed(received.messageId(), message, Errors.oneLine(e));
        }
    }

    /** Sequence numbers are decimal digits, the first not after the last. */
    static Optional<String> rangeProblem(OnFailureRecord.BatchInfo batch) {
        for (String[] field : new String[][] {
            {"startSequenceNumber", batch.startSequenceNumber()}, {"endSequenceNumber", batch.endSequenceNumber()}
        }) {
            if (field[1] == null || !SEQUENCE_NUMBER.matcher(field[1]).matches()) {
                return Optional.of(field[0] + " '" + field[1] + "' is not a sequence number (decimal digits)");
            }
        }
        if (new BigInteger(batch.startSequenceNumber()).compareTo(new BigInteger(batch.endSequenceNumber())) > 0) {
            return Optional.of("its range ends (" + batch.endSequenceNumber() + ") before it starts ("
                    + batch.startSequenceNumber() + ")");
        }
        return Optional.empty();
    }

    /** Messages received and not yet deleted, by anyone (this run's included). */
    private int notVisible(String queueUrl) {
        String count = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        return count == null ? 0 : Integer.parseInt(count);
    }

    /** Visible again now: the next run sees a kept message without waiting out its visibility timeout. */
    private void release(String queueUrl, Message message) {
        try {
            sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl)
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
        } catch (SqsException e) {
            // Already visible again, or its receipt expired: it shows again by itself.
        }
    }

    /** The table of a stream ARN: {@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL}. */
    static String ordersTable(String streamArn) {
        int start = streamArn.indexOf(":table/");
        int end = streamArn.indexOf("/stream/");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("not a DynamoDB stream ARN: " + streamArn);
        }
        return streamArn.substring(start + ":table/".length(), end);
    }

    MessageOutcome replay(Message received) {
        OnFailureRecord message;
        try {
            message = OnFailureRecord.parse(received.body());
            ordersTable(message.batch().streamArn());
        } catch (IllegalArgumentException e) {
            return new MessageOutcome.Unreadable(received.messageId(), e.getMessage());
        }
        return switch (range.read(message.batch())) {
            case StreamRange.Read.Expired(String reason) ->
                new MessageOutcome.Expired(received.messageId(), message, reason);
            case StreamRange.Read.Incomplete(String reason) ->
                new MessageOutcome.Failed(received.messageId(), message, "not read to its end: " + reason);
            case StreamRange.Read.Complete complete -> {
                // No Lambda deadline here: the committer may take as long as the range needs.
                BatchReport report = committer.commit(complete.changes(), () -> Long.MAX_VALUE);
                if (report.outcome() instanceof BatchReport.StoppedAt(String sequenceNumber, String reason)) {
                    yield new MessageOutcome.Failed(received.messageId(), message, reason);
                }
                Reconciler reconciler =
                        byTable.computeIfAbsent(ordersTable(message.batch().streamArn()), reconcilers);
                Reconciler.Result reconciled = reconciler.reconcile(
                        complete.changes().stream().map(StreamChange::keys).toList());
                if (reconciled.failed() > 0 || !reconciled.complete()) {
                    // Applied but not reconciled: an order may be left at an older image than its own (a record
                    // applied late), so the message stays until a rerun reconciles every order it touched.
                    yield new MessageOutcome.Failed(
                            received.messageId(),
                            message,
                            String.format(
                                    "applied (%d records: %d applied, %d already applied before, %d quarantined, "
                                            + "%d skipped), but %d of the %d order(s) it touched could not be "
                                            + "reconciled (listed below); fix the cause",
                                    report.received(),
                                    report.applied(),
                                    report.duplicates(),
                                    report.quarantined(),
                                    report.skipped(),
                                    reconciled.failed(),
                                    reconciled.scanned()));
                }
                yield new MessageOutcome.Applied(received.messageId(), message, report, reconciled);
            }
        };
    }
}
