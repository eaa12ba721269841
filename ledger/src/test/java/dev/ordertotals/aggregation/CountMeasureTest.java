package dev.ordertotals.aggregation;

import static dev.ordertotals.aggregation.TestOrders.image;
import static dev.ordertotals.aggregation.TestOrders.key;
import static dev.ordertotals.aggregation.TestOrders.n;
import static dev.ordertotals.aggregation.TestOrders.part;
import static dev.ordertotals.aggregation.TestOrders.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A count measure: 1 per order counted, beside or instead of sums. */
class CountMeasureTest {

    private static final List<GroupKey> DAY_AND_ITEM =
            List.of(key("order_date", "order_date", Transform.DATE), key("item_number", "item_id", Transform.VALUE));

    private static final AggregationRules COUNT_ONLY = new AggregationRules(
            TestOrders.aggregation("daily_item_orders", "t", DAY_AND_ITEM, List.of(new Measure.Count("orders"))));

    private static final AggregationRules COUNT_AND_SUM = new AggregationRules(TestOrders.aggregation(
            "daily_item_figures",
            "t",
            DAY_AND_ITEM,
            List.of(new Measure.Count("orders"), new Measure.Sum("quantity", "quantity"))));

    @Test
    void aCountIsOnePerOrder() {
        assertThat(COUNT_ONLY.read(image("order_date", s("2026-11-25T10:00Z"), "item_id", s("a"), "quantity", n("7"))))
                .isEqualTo(new ImageReading.Counted(part(List.of("2026-11-25", "a"), "orders", 1)));
    }

    @Test
    void anAggregationThatOnlyCountsCountsAnOrderWithoutASumAttribute() {
        assertThat(COUNT_ONLY.read(image("order_date", s("2026-11-25"), "item_id", s("a"))))
                .isEqualTo(new ImageReading.Counted(part(List.of("2026-11-25", "a"), "orders", 1)));
    }

    @Test
    void anAggregationThatOnlyCountsIgnoresAMalformedQuantityItDoesNotRead() {
        assertThat(COUNT_ONLY.read(image("order_date", s("2026-11-25"), "item_id", s("a"), "quantity", s("abc"))))
                .isEqualTo(new ImageReading.Counted(part(List.of("2026-11-25", "a"), "orders", 1)));
    }

    @Test
    void aCountBesideASumCountsOneAndTheSum() {
        assertThat(COUNT_AND_SUM.read(image("order_date", s("2026-11-25"), "item_id", s("a"), "quantity", n("7"))))
                .isEqualTo(new ImageReading.Counted(part(List.of("2026-11-25", "a"), "orders", 1, "quantity", 7)));
    }

    @Test
    void aCountBesideASumDoesNotCountAnOrderWithoutTheSumsAttribute() {
        assertThat(COUNT_AND_SUM.read(image("order_date", s("2026-11-25"), "item_id", s("a"))))
                .isEqualTo(new ImageReading.NotCounted("missing quantity"));
    }

    @Test
    void aCountBesideASumOfZeroStillCountsTheOrder() {
        assertThat(COUNT_AND_SUM.read(image("order_date", s("2026-11-25"), "item_id", s("a"), "quantity", n("0"))))
                .isEqualTo(new ImageReading.Counted(part(List.of("2026-11-25", "a"), "orders", 1, "quantity", 0)));
    }

    @Test
    void aCountDoesNotCountAnOrderMissingAKey() {
        assertThat(COUNT_ONLY.read(image("order_date", s("2026-11-25"))))
                .isEqualTo(new ImageReading.NotCounted("missing item_id"));
    }
}
