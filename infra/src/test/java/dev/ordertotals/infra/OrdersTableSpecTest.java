package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The orders table: one item per order, and the stream the aggregation reads. */
class OrdersTableSpecTest {

    private static Synthesized deployed;
    private static Map<String, Object> orders;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        orders = deployed.properties(deployed.stack().orders().table());
    }

    @Test
    void ordersTableIsKeyedByOrderIdAlone() {
        assertThat(orders.get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", "order_id", "KeyType", "HASH")));
    }

    @Test
    void orderIdIsAString() {
        assertThat(orders.get("AttributeDefinitions"))
                .isEqualTo(List.of(Map.of("AttributeName", "order_id", "AttributeType", "S")));
    }

    @Test
    void ordersTableStreamsNewAndOldImages() {
        // Both images: an update subtracts the old quantity and adds the new one.
        assertThat(orders.get("StreamSpecification")).isEqualTo(Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"));
    }

    @Test
    void ordersTableIsTheOnlyTableWithAStream() {
        assertThat(deployed.resourcesOfType("AWS::DynamoDB::Table").entrySet())
                .filteredOn(
                        table -> ((Map<?, ?>) table.getValue().get("Properties")).containsKey("StreamSpecification"))
                .extracting(Map.Entry::getKey)
                .containsExactly(deployed.logicalId(deployed.stack().orders().table()));
    }
}
