package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The totals table: one item per day and item number. */
class TotalsTableSpecTest {

    private static Map<String, Object> totals;

    @BeforeAll
    static void synthesize() {
        Synthesized deployed = SynthesizedStack.deployedStack();
        totals = deployed.properties(deployed.stack().totals().table());
    }

    @Test
    void totalsTableIsKeyedByOrderDateThenItemNumber() {
        assertThat(totals.get("KeySchema"))
                .isEqualTo(List.of(
                        Map.of("AttributeName", "order_date", "KeyType", "HASH"),
                        Map.of("AttributeName", "item_number", "KeyType", "RANGE")));
    }

    @Test
    void orderDateAndItemNumberAreStrings() {
        assertThat(totals.get("AttributeDefinitions"))
                .asInstanceOf(LIST)
                .containsExactlyInAnyOrder(
                        Map.of("AttributeName", "order_date", "AttributeType", "S"),
                        Map.of("AttributeName", "item_number", "AttributeType", "S"));
    }

    @Test
    void totalsNeverExpire() {
        assertThat(totals).doesNotContainKey("TimeToLiveSpecification");
    }
}
