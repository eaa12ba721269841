package dev.ordertotals.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.LedgerItem;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An order's ledger identity and its entry's partition key: one-to-one, and always within DynamoDB's limits. */
class OrderKeysTest {

    @Test
    void aStringKeyIsItsValueAndAnOrdinaryCompositeKeyReadsAsBefore() {
        assertThat(OrderKeys.canonical(Map.of("order_id", s("A-1")))).isEqualTo("A-1");
        assertThat(OrderKeys.canonical(Map.of("h", s("x"), "r", AttributeValue.fromN("7"))))
                .isEqualTo("h=S:x|r=N:7");
        assertThat(LedgerItem.partitionKey("A-1")).isEqualTo("order#A-1");
    }

    @Test
    void separatorsInsideValuesCannotMakeTwoCompositeKeysOne() {
        String first = OrderKeys.canonical(Map.of("h", s("x|r=S:y"), "r", s("z")));
        String second = OrderKeys.canonical(Map.of("h", s("x"), "r", s("y|r=S:z")));

        assertThat(first).isNotEqualTo(second);
        assertThat(LedgerItem.partitionKey(first)).isNotEqualTo(LedgerItem.partitionKey(second));
    }

    @Test
    void escapesCannotBeForgedEither() {
        // A value ending in a backslash next to the separator, and names holding the separators themselves.
        assertThat(OrderKeys.canonical(Map.of("h", s("x\\"), "r", s("y"))))
                .isNotEqualTo(OrderKeys.canonical(Map.of("h", s("x\\|r=S:y"), "r", s("z"))))
                .isNotEqualTo(OrderKeys.canonical(Map.of("h", s("x"), "r", s("\\y"))));
        assertThat(OrderKeys.canonical(Map.of("a=S:b", s("c"), "z", s("1"))))
                .isNotEqualTo(OrderKeys.canonical(Map.of("a", s("b=S:c"), "z", s("1"))));
    }

    @Test
    void aKeyTooLongForAPartitionKeyIsHashedWithinTheLimit() {
        String longest = "x".repeat(2_048);
        String pk = LedgerItem.partitionKey(longest);

        assertThat(pk).startsWith(LedgerItem.ORDER_PREFIX + LedgerItem.HASHED_MARKER);
        assertThat(bytes(pk)).isLessThanOrEqualTo(LedgerItem.MAX_PARTITION_KEY_BYTES);
        assertThat(LedgerItem.partitionKey("x".repeat(2_047))).isNotEqualTo(pk);
        assertThat(LedgerItem.partitionKey("x".repeat(2_042)))
                .as("the longest identity that still fits is kept readable")
                .isEqualTo(LedgerItem.ORDER_PREFIX + "x".repeat(2_042));
    }

    @Test
    void multiByteCharactersCountInBytesNotCharacters() {
        String euros = "€".repeat(700); // 700 characters, 2,100 bytes

        assertThat(bytes(LedgerItem.partitionKey(euros))).isLessThanOrEqualTo(LedgerItem.MAX_PARTITION_KEY_BYTES);
        assertThat(LedgerItem.partitionKey(euros)).startsWith(LedgerItem.ORDER_PREFIX + LedgerItem.HASHED_MARKER);
    }

    @Test
    void aKeyThatLooksHashedCannotTakeAnotherOrdersEntry() {
        String longKey = "y".repeat(3_000);
        String forged = LedgerItem.partitionKey(longKey).substring(LedgerItem.ORDER_PREFIX.length());

        assertThat(LedgerItem.partitionKey(forged)).isNotEqualTo(LedgerItem.partitionKey(longKey));
    }

    @Test
    void binaryAndCompositeKeysAtDynamoDbsLimitsGetAnEntryKeyTheTableAccepts() {
        String binary =
                OrderKeys.canonical(Map.of("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[2_048]))));
        String composite = OrderKeys.canonical(Map.of("h", s("h".repeat(2_048)), "r", s("r".repeat(1_024))));

        assertThat(bytes(LedgerItem.partitionKey(binary))).isLessThanOrEqualTo(LedgerItem.MAX_PARTITION_KEY_BYTES);
        assertThat(bytes(LedgerItem.partitionKey(composite))).isLessThanOrEqualTo(LedgerItem.MAX_PARTITION_KEY_BYTES);
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
