package dev.ordertotals.localengine.eventsource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.LambdaStreamEventJson;
import dev.ordertotals.localengine.StreamShardReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's event source mapping for a DynamoDB stream, on one machine: polls each shard from its checkpoint,
 * forms batches of up to {@code BatchSize} records, invokes the function with them in Lambda's wire format and
 * acts on the result as Lambda does:
 * <ul>
 *   <li>success: checkpoint after the batch;</li>
 *   <li>{@code batchItemFailures}: checkpoint before the reported record, retry from it (the rest of the batch);</li>
 *   <li>function error: retry the batch, split in two first when {@code BisectBatchOnFunctionError} is on;</li>
 *   <li>after {@code MaximumRetryAttempts} retries, or once a record is older than {@code MaximumRecordAgeInSeconds}:
 *       send the batch's metadata to the on-failure queue and move past it.</li>
 * </ul>
 * Retries back off exponentially. Every read opens a fresh shard iterator after the checkpoint (see
 * {@link StreamShardReader}): moto's iterators go stale after a cancelled transaction.
 */
public final class EventSourceEmulator implements AutoCloseable {

    private final EventSourceSettings settings;
    private final StreamShardReader stream;
    private final SqsClient sqs;
    private final LambdaFunction function;
    private final Faults faults;
    private final Consumer<String> log;

    private final Map<String, String> checkpoints = new ConcurrentHashMap<>();
    private final Map<String, Boolean> positioned = new ConcurrentHashMap<>();
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong failedInvocations = new AtomicLong();
    private final AtomicLong emptyCycles = new AtomicLong();
    /** Like Lambda's poller, the shard list is refreshed now and then, not described before every read. */
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(5);

    private List<Shard> shards = List.of();
    private long shardsReadAt;
    private volatile Instant oldestInFlight;
    private volatile boolean running;
    private volatile Throwable crash;
    private Thread thread;

    /** What the emulator has done so far. {@code lag}: age of the oldest record not yet checkpointed (IteratorAge). */
    public record Stats(
            long recordsProcessed, long recordsGivenUp, int invocations, long failedInvocations, Duration lag) {}

    /** @param sqs the client for the on-failure queue; may be null when the settings name none */
    public EventSourceEmulator(
            EventSourceSettings settings,
            StreamShardReader stream,
            SqsClient sqs,
            LambdaFunction function,
            Faults faults,
            Consumer<String> log) {
        this.settings = settings;
        this.stream = stream;
        this.sqs = sqs;
        this.function = function;
        this.faults = faults;
        this.log = log;
    }

    /**
     * Positions every shard now rather than at the first poll: at {@code LATEST}, after its last record, so writes
     * made after this call are delivered and none made before it, as a new mapping on an existing table does.
     */
    public void positionShards() {
        for (Shard shard : shards()) {
            positionAtStart(shard.shardId());
        }
    }

    /** Polls on a background thread until {@link #close()}. */
    public synchronized EventSourceEmulator start() {
        running = true;
        thread = Thread.ofPlatform().name("event-source-emulator").daemon().start(this::run);
        return this;
    }

    public Stats stats() {
        Instant oldest = oldestInFlight;
        Duration lag = oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
        return new Stats(
                processed.get(),
                givenUp.get(),
                invocations.get(),
                failedInvocations.get(),
                lag.isNegative() ? Duration.ZERO : lag);
    }

    /**
     * Waits until a whole poll cycle that started after this call found nothing new: every record written before
     * the call has been processed or given up on.
     */
    public void awaitDrained(Duration timeout) throws TimeoutException, InterruptedException {
        long target = emptyCycles.get() + 2;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (emptyCycles.get() < target) {
            if (crash != null) {
                throw new IllegalStateException("the event source emulator stopped: " + crash.getMessage(), crash);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "the stream was not drained within " + timeout.toSeconds() + " s (" + stats() + ")");
            }
            Thread.sleep(10);
        }
    }

    /** One poll cycle over every shard, delivering at most one batch per shard; true if any record was read. */
    public boolean pollOnce() {
        boolean any = false;
        for (Shard shard : shards()) {
            String shardId = shard.shardId();
            positionAtStart(shardId);
            List<Record> batch = stream.readAfter(shardId, checkpoints.get(shardId), settings.batchSize());
            if (!batch.isEmpty()) {
                any = true;
                // Kept until a poll finds nothing, so the lag reads like IteratorAge rather than dropping between
                // batches.
                oldestInFlight = batch.getFirst().dynamodb().approximateCreationDateTime();
                deliver(shardId, batch, 0);
            }
        }
        if (!any) {
            oldestInFlight = null;
            emptyCycles.incrementAndGet();
        }
        return any;
    }

    private List<Shard> shards() {
        if (shards.isEmpty() || System.nanoTime() - shardsReadAt > SHARD_REFRESH.toNanos()) {
            shards = stream.shards();
            shardsReadAt = System.nanoTime();
        }
        return shards;
    }

    @Override
    public void close() {
        running = false;
        Thread running = thread;
        if (running != null) {
            try {
                // First without an interrupt: a request to the engine abandoned half-sent would hold a
                // one-request-at-a-time engine (the local moto server) forever. A poll ends within milliseconds.
                running.join(1_000);
                if (running.isAlive()) {
                    running.interrupt();
                    running.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        int errors = 0;
        while (running) {
            try {
                if (!pollOnce()) {
                    Thread.sleep(settings.timings().pollInterval().toMillis());
                }
                errors = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // The engine may be briefly unreachable; Lambda's poller keeps polling too.
                log.accept(
                        "event source: polling failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                if (++errors > 20) {
                    crash = e;
                    return;
                }
                if (!pause(backoff(errors))) {
                    return;
                }
            }
        }
    }

    private void positionAtStart(String shardId) {
        if (positioned.putIfAbsent(shardId, Boolean.TRUE) == null && settings.startAtLatest()) {
            List<Record> existing = stream.readAfter(shardId, null, 1000);
            while (!existing.isEmpty()) {
                String last = existing.getLast().dynamodb().sequenceNumber();
                checkpoints.put(shardId, last);
                existing = stream.readAfter(shardId, last, 1000);
            }
        }
    }

    /** Delivers {@code pending} until it is checkpointed or given up on; {@code attempts}: failures so far. */
    private void deliver(String shardId, List<Record> pending, int attempts) {
        while (!pending.isEmpty() && running()) {
            if (expired(pending.getFirst())) {
                giveUp(shardId, pending, OnFailureMessage.RECORD_AGE_EXCEEDED, attempts, Optional.empty());
                return;
            }
            InvocationOutcome outcome = invoke(pending);
            switch (outcome) {
                case InvocationOutcome.Success success -> {
                    checkpoint(shardId, pending);
                    return;
                }
                case InvocationOutcome.PartialFailure failure -> {
                    failedInvocations.incrementAndGet();
                    checkpoint(shardId, pending.subList(0, failure.index()));
                    pending = pending.subList(failure.index(), pending.size());
                    if (++attempts > settings.maximumRetryAttempts() && settings.maximumRetryAttempts() >= 0) {
                        giveUp(shardId, pending, OnFailureMessage.RETRY_ATTEMPTS_EXHAUSTED, attempts, Optional.empty());
                        return;
                    }
                    log.accept(
                            "event source: batch item failure at " + failure.sequenceNumber() + ", retry " + attempts);
                }
                case InvocationOutcome.FunctionError error -> {
                    failedInvocations.incrementAndGet();
                    log.accept("event source: function error " + error.type() + ": " + error.message());
                    if (++attempts > settings.maximumRetryAttempts() && settings.maximumRetryAttempts() >= 0) {
                        giveUp(
                                shardId,
                                pending,
                                OnFailureMessage.RETRY_ATTEMPTS_EXHAUSTED,
                                attempts,
                                Optional.of("Unhandled"));
                        return;
                    }
                    if (settings.bisectOnError() && pending.size() > 1) {
                        // Lambda splits the failing batch and retries each half, so one bad record cannot hold back the
                        // rest.
                        int half = pending.size() / 2;
                        deliver(shardId, pending.subList(0, half), attempts);
                        deliver(shardId, pending.subList(half, pending.size()), attempts);
                        return;
                    }
                }
            }
            if (!pause(backoff(attempts))) {
                return;
            }
        }
    }

    private InvocationOutcome invoke(List<Record> batch) {
        int number = invocations.incrementAndGet();
        Optional<InvocationOutcome> forced = faults.instead(number, batch);
        if (forced.isPresent()) {
            return forced.get();
        }
        String event = LambdaStreamEventJson.event(batch, settings.streamArn());
        InvocationOutcome outcome = outcomeOf(function.invoke(event), batch);
        if (outcome instanceof InvocationOutcome.Success) {
            for (int copy = faults.duplicates(number, batch); copy > 0; copy--) {
                invocations.incrementAndGet();
                function.invoke(event);
            }
        }
        return outcome;
    }

    /** Reads the response as Lambda does: the lowest reported record wins; an unknown one fails the whole batch. */
    private InvocationOutcome outcomeOf(LambdaFunction.Invocation invocation, List<Record> batch) {
        return switch (invocation) {
            case LambdaFunction.Invocation.Error(String type, String message) ->
                new InvocationOutcome.FunctionError(type, message);
            case LambdaFunction.Invocation.Response(String json) -> {
                if (!settings.reportBatchItemFailures()) {
                    yield new InvocationOutcome.Success();
                }
                JsonNode failures;
                try {
                    failures = Json.MAPPER.readTree(json).path("batchItemFailures");
                } catch (IOException e) {
                    yield new InvocationOutcome.FunctionError(
                            "Runtime.InvalidResponse", "response is not JSON: " + json);
                }
                int lowest = Integer.MAX_VALUE;
                for (JsonNode failure : failures) {
                    String id = failure.path("itemIdentifier").asText("");
                    int index = indexOf(batch, id);
                    if (index < 0) {
                        yield new InvocationOutcome.FunctionError(
                                "Runtime.InvalidItemIdentifier",
                                "batchItemFailures names '" + id + "', not in the batch");
                    }
                    lowest = Math.min(lowest, index);
                }
                yield lowest == Integer.MAX_VALUE
                        ? new InvocationOutcome.Success()
                        : new InvocationOutcome.PartialFailure(
                                lowest, batch.get(lowest).dynamodb().sequenceNumber());
            }
        };
    }

    private static int indexOf(List<Record> batch, String sequenceNumber) {
        for (int index = 0; index < batch.size(); index++) {
            if (batch.get(index).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                return index;
            }
        }
        return -1;
    }

    private void checkpoint(String shardId, List<Record> done) {
        if (!done.isEmpty()) {
            checkpoints.put(shardId, done.getLast().dynamodb().sequenceNumber());
            processed.addAndGet(done.size());
        }
    }

    private void giveUp(
            String shardId, List<Record> batch, String condition, int attempts, Optional<String> functionError) {
        Record first = batch.getFirst();
        Record last = batch.getLast();
        OnFailureMessage message = new OnFailureMessage(
                UUID.randomUUID().toString(),
                settings.functionArn(),
                condition,
                attempts,
                functionError,
                Instant.now(),
                new OnFailureMessage.BatchInfo(
                        shardId,
                        first.dynamodb().sequenceNumber(),
                        last.dynamodb().sequenceNumber(),
                        first.dynamodb().approximateCreationDateTime(),
                        last.dynamodb().approximateCreationDateTime(),
                        batch.size(),
                        settings.streamArn()));
        settings.onFailureQueueUrl()
                .ifPresent(
                        url -> sqs.sendMessage(request -> request.queueUrl(url).messageBody(message.toJson())));
        log.accept("event source: gave up on " + batch.size() + " record(s) "
                + first.dynamodb().sequenceNumber() + ".."
                + last.dynamodb().sequenceNumber() + " (" + condition + ")"
                + settings.onFailureQueueUrl()
                        .map(url -> "; metadata sent to the on-failure queue, run `replay` to apply them")
                        .orElse(""));
        checkpoints.put(shardId, last.dynamodb().sequenceNumber());
        givenUp.addAndGet(batch.size());
    }

    private boolean expired(Record record) {
        Instant created = record.dynamodb().approximateCreationDateTime();
        return created != null
                && settings.maximumRecordAge()
                        .map(age -> created.isBefore(Instant.now().minus(age)))
                        .orElse(false);
    }

    private Duration backoff(int attempts) {
        Duration base = settings.timings().initialBackoff();
        Duration delay = base.multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(settings.timings().maxBackoff()) > 0
                ? settings.timings().maxBackoff()
                : delay;
    }

    /** Whether to go on: always when driven by hand ({@link #pollOnce()} without {@link #start()}). */
    private boolean running() {
        return running || thread == null;
    }

    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
