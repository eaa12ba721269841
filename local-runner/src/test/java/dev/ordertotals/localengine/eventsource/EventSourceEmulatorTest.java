package dev.ordertotals.localengine.eventsource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.handler.FunctionWiring;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.operator.replay.OnFailureRecord;
import dev.ordertotals.operator.verify.TotalsVerifier;
import dev.ordertotals.testsupport.InProcessHandler;
import dev.ordertotals.testsupport.LocalTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The event source emulator's delivery semantics, driven poll by poll against the real stream on moto. In the local
 * runner's tests: two of its cases run the function's batch path, which local-engine cannot see.
 */
class EventSourceEmulatorTest {

    private static final String DAY = "2026-11-25T10:00:00Z";

    private LocalTables tables;

    @BeforeEach
    void createTables() {
        tables = LocalTables.create();
    }

    @Test
    void aReportedItemFailureCheckpointsBeforeItAndRetriesFromIt() {
        for (int order = 1; order <= 4; order++) {
            tables.putOrder("o" + order, DAY, "item123", order);
        }
        List<String> sequenceNumbers = tables.streamRecords().stream()
                .map(record -> record.dynamodb().sequenceNumber())
                .toList();
        ScriptedFunction function = new ScriptedFunction(invocation -> invocation == 1
                ? new LambdaFunction.Invocation.Response(
                        "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sequenceNumbers.get(2) + "\"}]}")
                : new LambdaFunction.Invocation.Response("{\"batchItemFailures\":[]}"));
        EventSourceEmulator emulator = emulator(settings(4, 10, false), function, Faults.NONE);

        assertThat(emulator.pollOnce()).isTrue();
        assertThat(emulator.pollOnce()).isFalse();

        assertThat(function.batches()).containsExactly(sequenceNumbers, sequenceNumbers.subList(2, 4));
        assertThat(emulator.stats().recordsProcessed()).isEqualTo(4);
        assertThat(emulator.stats().failedInvocations()).isEqualTo(1);
        assertThat(receive()).isEmpty();
    }

    @Test
    void aFunctionErrorIsBisectedDownToTheBadRecordWhichGoesToTheOnFailureQueueAfterItsRetries() {
        tables.putOrder("o1", DAY, "item123", 1);
        tables.putOrder("bad", DAY, "item123", 2);
        tables.putOrder("o3", DAY, "item123", 3);
        tables.putOrder("o4", DAY, "item123", 4);
        List<Record> records = tables.streamRecords();
        String bad = records.get(1).dynamodb().sequenceNumber();
        ScriptedFunction function = new ScriptedFunction(invocation -> null);
        function.failWhen(event -> event.contains("\"bad\""));
        EventSourceEmulator emulator = emulator(settings(4, 2, true), function, Faults.NONE);

        emulator.pollOnce();

        List<String> delivered = function.batches().stream()
                .filter(batch -> batch.size() == 1 || !batch.contains(bad))
                .flatMap(List::stream)
                .toList();
        assertThat(delivered)
                .contains(
                        records.get(0).dynamodb().sequenceNumber(),
                        records.get(2).dynamodb().sequenceNumber(),
                        records.get(3).dynamodb().sequenceNumber());
        assertThat(emulator.stats().recordsGivenUp()).isEqualTo(1);
        assertThat(emulator.stats().recordsProcessed()).isEqualTo(3);
        List<Message> messages = receive();
        assertThat(messages).hasSize(1);
        OnFailureRecord message = OnFailureRecord.parse(messages.getFirst().body());
        assertThat(message.condition()).isEqualTo(OnFailureRecord.RETRY_ATTEMPTS_EXHAUSTED);
        assertThat(message.functionError()).contains("Unhandled");
        assertThat(message.batch().startSequenceNumber()).isEqualTo(bad);
        assertThat(message.batch().endSequenceNumber()).isEqualTo(bad);
        assertThat(message.batch().batchSize()).isEqualTo(1);
        assertThat(message.batch().streamArn()).isEqualTo(tables.streamArn());
        assertThat(message.batch().shardId())
                .isEqualTo(tables.stream().shards().getFirst().shardId());
        assertThat(message.batch().approximateArrivalOfFirstRecord()).isNotNull();
    }

    @Test
    void theOnFailureMessageHasLambdasShape() throws IOException {
        tables.putOrder("o1", DAY, "item123", 1);
        ScriptedFunction function = new ScriptedFunction(
                invocation -> new LambdaFunction.Invocation.Error("java.lang.RuntimeException", "boom"));
        emulator(settings(2, 0, false), function, Faults.NONE).pollOnce();

        JsonNode body = Json.MAPPER.readTree(receive().getFirst().body());

        assertThat(body.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(body.path("requestContext").path("approximateInvokeCount").asInt())
                .isEqualTo(1);
        assertThat(body.path("requestContext").path("functionArn").asText()).startsWith("arn:aws:lambda:");
        assertThat(body.path("responseContext").path("statusCode").asInt()).isEqualTo(200);
        assertThat(body.path("version").asText()).isEqualTo("1.0");
        assertThat(body.path("timestamp").asText()).isNotBlank();
        JsonNode info = body.path("DDBStreamBatchInfo");
        assertThat(info.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "shardId",
                        "startSequenceNumber",
                        "endSequenceNumber",
                        "approximateArrivalOfFirstRecord",
                        "approximateArrivalOfLastRecord",
                        "batchSize",
                        "streamArn");
    }

    @Test
    void duplicateDeliveriesAndFailedInvocationsLeaveTheRealHandlersTotalsExact() {
        for (int order = 1; order <= 12; order++) {
            tables.putOrder("o" + order, DAY, "item" + (order % 3), order);
        }
        tables.putOrder("o2", DAY, "item9", 20);
        tables.deleteOrder("o5");
        Faults chaos = new Faults() {
            @Override
            public Optional<InvocationOutcome> instead(int invocation, List<Record> batch) {
                return invocation % 4 == 0
                        ? Optional.of(new InvocationOutcome.FunctionError("Injected", "every fourth invocation"))
                        : Optional.empty();
            }

            @Override
            public int duplicates(int invocation, List<Record> batch) {
                return 2;
            }
        };
        EventSourceEmulator emulator = emulator(
                settings(3, 10, true),
                new InProcessHandler(FunctionWiring.processorOver(
                        tables.dynamo(), tables.functionEnvironment(), CommitSettings.defaults())),
                chaos);

        while (emulator.pollOnce()) {
            // drain
        }

        assertThat(emulator.stats().recordsGivenUp()).isZero();
        assertThat(new TotalsVerifier(tables.dynamo(), 2)
                        .verify(tables.orders(), tables.totals())
                        .drifts())
                .isEmpty();
    }

    @Test
    void theBackgroundPollerDrainsWhatIsWrittenWhileItRuns() throws Exception {
        try (EventSourceEmulator emulator = emulator(
                        settings(2, 10, true),
                        new InProcessHandler(FunctionWiring.processorOver(
                                tables.dynamo(), tables.functionEnvironment(), CommitSettings.defaults())),
                        Faults.NONE)
                .start()) {
            for (int order = 1; order <= 7; order++) {
                tables.putOrder("o" + order, DAY, "item123", 10);
            }
            emulator.awaitDrained(Duration.ofSeconds(30));

            assertThat(emulator.stats().recordsProcessed()).isEqualTo(7);
        }
        assertThat(new TotalsVerifier(tables.dynamo(), 2)
                        .verify(tables.orders(), tables.totals())
                        .exact())
                .isTrue();
    }

    private EventSourceEmulator emulator(EventSourceSettings settings, LambdaFunction function, Faults faults) {
        return new EventSourceEmulator(settings, tables.stream(), tables.sqs(), function, faults, line -> {});
    }

    private EventSourceSettings settings(int batchSize, int retries, boolean bisect) {
        return new EventSourceSettings(
                tables.streamArn(),
                batchSize,
                false,
                retries,
                Optional.empty(),
                true,
                bisect,
                Optional.of(tables.queueUrl()),
                "arn:aws:lambda:us-east-1:123456789012:function:test",
                EventSourceSettings.Timings.fast());
    }

    private List<Message> receive() {
        return tables.sqs()
                .receiveMessage(request -> request.queueUrl(tables.queueUrl()).maxNumberOfMessages(10))
                .messages();
    }

    /** A function whose answer per invocation the test scripts; records the sequence numbers of every batch. */
    private static final class ScriptedFunction implements LambdaFunction {

        private final Function<Integer, Invocation> script;
        private final List<List<String>> batches = new CopyOnWriteArrayList<>();
        private Function<String, Boolean> failWhen = event -> false;

        ScriptedFunction(Function<Integer, Invocation> script) {
            this.script = script;
        }

        void failWhen(Function<String, Boolean> condition) {
            this.failWhen = condition;
        }

        List<List<String>> batches() {
            return List.copyOf(batches);
        }

        @Override
        public Invocation invoke(String eventJson) {
            try {
                List<String> sequenceNumbers = new ArrayList<>();
                Json.MAPPER
                        .readTree(eventJson)
                        .path("Records")
                        .forEach(record -> sequenceNumbers.add(
                                record.path("dynamodb").path("SequenceNumber").asText()));
                batches.add(sequenceNumbers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (failWhen.apply(eventJson)) {
                return new Invocation.Error("java.lang.IllegalStateException", "bad order");
            }
            Invocation scripted = script.apply(batches.size());
            return scripted != null ? scripted : new Invocation.Response("{\"batchItemFailures\":[]}");
        }

        @Override
        public void close() {}
    }
}
