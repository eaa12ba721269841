package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.aggregation.TotalKey;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** {@link LedgerUpdates#addToTotal}: one update per total, adding every measure it moves. */
class AddToTotalTest {

    @Test
    void oneUpdateAddsEveryMeasureToTheTotalItemByItsKey() {
        TotalKey key = new TotalKey("totals", List.of("order_date", "item_number"), List.of("2026-11-25", "a"));
        Map<String, BigInteger> deltas =
                new TreeMap<>(Map.of("orders", BigInteger.ONE, "quantity", BigInteger.valueOf(-4)));

        Update update = LedgerUpdates.addToTotal(key, deltas);

        assertThat(update.tableName()).isEqualTo("totals");
        assertThat(update.key())
                .containsOnly(
                        Map.entry("order_date", AttributeValue.fromS("2026-11-25")),
                        Map.entry("item_number", AttributeValue.fromS("a")));
        assertThat(update.updateExpression()).startsWith("ADD ");
        assertThat(added(update))
                .containsOnly(
                        Map.entry("orders", AttributeValue.fromN("1")),
                        Map.entry("quantity", AttributeValue.fromN("-4")));
        assertThat(update.conditionExpression()).isNull();
    }

    @Test
    void aTotalKeyedByAPartitionKeyAloneHasAOneAttributeKey() {
        Update update = LedgerUpdates.addToTotal(
                new TotalKey("hourly", List.of("hour"), List.of("2026-11-25T07")),
                Map.of("orders", BigInteger.valueOf(2)));

        assertThat(update.key()).containsOnly(Map.entry("hour", AttributeValue.fromS("2026-11-25T07")));
        assertThat(added(update)).containsOnly(Map.entry("orders", AttributeValue.fromN("2")));
    }

    /** Each attribute the update's ADD clause names, with the value it adds. */
    private static Map<String, AttributeValue> added(Update update) {
        Map<String, AttributeValue> added = new TreeMap<>();
        for (String clause :
                update.updateExpression().substring("ADD ".length()).split(", ")) {
            String[] nameAndValue = clause.split(" ");
            added.put(
                    update.expressionAttributeNames().get(nameAndValue[0]),
                    update.expressionAttributeValues().get(nameAndValue[1]));
        }
        return added;
    }
}
