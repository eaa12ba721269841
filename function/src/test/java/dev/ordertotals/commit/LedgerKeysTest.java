package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.stream.StreamChange;
import dev.ordertotals.testkit.Processors;
import dev.ordertotals.testsupport.LocalPipeline;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every key an orders table can hold gets a ledger entry of its own that DynamoDB accepts: string, number and binary
 * keys up to DynamoDB's 2,048 bytes, and composite keys (2,048 + 1,024 bytes) whose values hold the separators.
 */
class LedgerKeysTest {

    private static final String DAY = "2026-11-25T08:00:00Z";
    private final AtomicLong sequence = new AtomicLong(100);
    private LocalPipeline pipeline;

    @BeforeEach
    void freshTables() {
        pipeline = LocalPipeline.create();
    }

    @Test
    void anOrderIdAtDynamoDbsKeyLimitIsCountedWithTheRestOfItsBatch() {
        pipeline.tables().putOrder("x".repeat(2_045), DAY, "item1", 5);
        pipeline.tables().putOrder("normal", DAY, "item1", 7);

        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), pipeline.newRecords());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 12L));
        assertThat(pipeline.tables().quarantine()).isEmpty();
        assertThat(pipeline.tables().ledgerItems()).containsKeys("x".repeat(2_045), "normal");
    }

    @Test
    void anOrderIdOfMultiByteCharactersBeyondTheLimitOnceEncodedIsCountedAndDeletedExactly() {
        String id = "€".repeat(682); // 2,046 bytes: the orders table takes it, "order#" + it would not fit
        pipeline.tables().putOrder(id, DAY, "item1", 5);
        pipeline.drain(Processors.over(pipeline), 2);
        pipeline.tables().deleteOrder(id);
        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 0L));
        assertThat(pipeline.tables().quarantine()).isEmpty();
    }

    @Test
    void compositeKeysWhoseValuesHoldTheSeparatorsKeepOneEntryEach() {
        Map<String, AttributeValue> first = Map.of("h", s("x|r=S:y"), "r", s("z"));
        Map<String, AttributeValue> second = Map.of("h", s("x"), "r", s("y|r=S:z"));

        BatchReport report = committer().commit(List.of(insert(first, 5), insert(second, 7)), () -> Long.MAX_VALUE);

        assertThat(report.succeeded()).isTrue();
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 12L));
        assertThat(pipeline.tables().scan(pipeline.tables().ledger())).hasSize(2);
    }

    @Test
    void binaryAndCompositeKeysAtTheirLongestAreCounted() {
        Map<String, AttributeValue> binary =
                Map.of("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[2_048])));
        Map<String, AttributeValue> composite = Map.of("h", s("h".repeat(2_048)), "r", s("r".repeat(1_024)));
        Map<String, AttributeValue> number = Map.of("id", AttributeValue.fromN("9".repeat(38)));

        BatchReport report = committer()
                .commit(List.of(insert(binary, 1), insert(composite, 2), insert(number, 4)), () -> Long.MAX_VALUE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.quarantined()).isZero();
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 7L));
    }

    private ExactlyOnceCommitter committer() {
        return new ExactlyOnceCommitter(
                pipeline.dynamo(),
                pipeline.tables().totals(),
                pipeline.tables().ledger(),
                CommitSettings.defaults(),
                Clock.systemUTC());
    }

    private StreamChange insert(Map<String, AttributeValue> key, long quantity) {
        Map<String, AttributeValue> image = new HashMap<>(key);
        image.put("order_date", s(DAY));
        image.put("item_id", s("item1"));
        image.put("quantity", AttributeValue.fromN(Long.toString(quantity)));
        long number = sequence.incrementAndGet();
        return new StreamChange(
                "event-" + number, "INSERT", Long.toString(number), Instant.now(), Map.of(), image, key);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
