package dev.ordertotals.aggregation;

import static dev.ordertotals.aggregation.TestOrders.contribution;
import static dev.ordertotals.aggregation.TestOrders.dailyItem;
import static dev.ordertotals.aggregation.TestOrders.dailyTotal;
import static dev.ordertotals.aggregation.TestOrders.image;
import static dev.ordertotals.aggregation.TestOrders.key;
import static dev.ordertotals.aggregation.TestOrders.n;
import static dev.ordertotals.aggregation.TestOrders.part;
import static dev.ordertotals.aggregation.TestOrders.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Several aggregations at once: how an image reads for all of them, and how their totals move. */
class AggregationsTest {

    private static final Aggregation DAILY = Aggregation.orderTotals(TestOrders.TOTALS);

    /** Per month and item, the sum of {@code price}. */
    private static final Aggregation MONTHLY_REVENUE = TestOrders.aggregation(
            "monthly_item_revenue",
            "monthly",
            List.of(key("month", "order_date", Transform.MONTH), key("item_number", "item_id", Transform.VALUE)),
            List.of(new Measure.Sum("revenue", "price")));

    /** Per hour, how many orders. */
    private static final Aggregation HOURLY_ORDERS = TestOrders.aggregation(
            "hourly_orders",
            "hourly",
            List.of(key("hour", "order_date", Transform.HOUR)),
            List.of(new Measure.Count("orders")));

    /** Into the default aggregation's table and key: how many orders per day and item. */
    private static final Aggregation DAILY_ORDERS = TestOrders.aggregation(
            "daily_item_orders",
            TestOrders.TOTALS,
            List.of(
                    new GroupKey("order_date", "order_date", Transform.DATE),
                    new GroupKey("item_number", "item_id", Transform.VALUE)),
            List.of(new Measure.Count("orders")));

    private static final Aggregations THREE = Aggregations.of(List.of(DAILY, MONTHLY_REVENUE, HOURLY_ORDERS));

    private static SortedMap<String, BigInteger> measures(Object... namesAndDeltas) {
        SortedMap<String, BigInteger> measures = new TreeMap<>();
        for (int index = 0; index < namesAndDeltas.length; index += 2) {
            measures.put((String) namesAndDeltas[index], BigInteger.valueOf((Integer) namesAndDeltas[index + 1]));
        }
        return measures;
    }

    @Test
    void anImageCountsInEveryAggregationItIsValidFor() {
        OrderReading reading = THREE.read(
                image("order_date", s("2026-11-25T07:30Z"), "item_id", s("a"), "quantity", n("3"), "price", n("40")));

        assertThat(reading.contribution())
                .isEqualTo(contribution(
                        "daily_item_quantity", dailyItem("2026-11-25", "a", 3),
                        "monthly_item_revenue", part(List.of("2026-11", "a"), "revenue", 40),
                        "hourly_orders", part(List.of("2026-11-25T07"), "orders", 1)));
        assertThat(reading.isMalformed()).isFalse();
        assertThat(reading.malformedReason()).isEmpty();
    }

    @Test
    void anImageMalformedForOneAggregationStillCountsInTheOthers() {
        OrderReading reading = THREE.read(image(
                "order_date", s("2026-11-25T07:30Z"), "item_id", s("a"), "quantity", n("3"), "price", s("forty")));

        assertThat(reading.contribution())
                .isEqualTo(contribution(
                        "daily_item_quantity", dailyItem("2026-11-25", "a", 3),
                        "hourly_orders", part(List.of("2026-11-25T07"), "orders", 1)));
        assertThat(reading.malformed()).containsOnlyKeys("monthly_item_revenue");
    }

    @Test
    void theMalformedReasonNamesTheAggregation() {
        OrderReading reading = THREE.read(image(
                "order_date", s("2026-11-25T07:30Z"), "item_id", s("a"), "quantity", n("3"), "price", s("forty")));

        assertThat(reading.malformedReason())
                .hasValue("aggregation monthly_item_revenue: price must be a number (N), got S");
        assertThat(reading.target().malformedReason()).isEqualTo(reading.malformedReason());
    }

    @Test
    void theMalformedReasonHasOneClausePerAggregationInNameOrder() {
        OrderReading reading = THREE.read(
                image("order_date", s("2026-11-25"), "item_id", s("a"), "quantity", n("3"), "price", n("1.5")));

        assertThat(reading.malformedReason())
                .hasValue("aggregation hourly_orders: order_date '2026-11-25' does not start with an ISO date and hour"
                        + " YYYY-MM-DDTHH; aggregation monthly_item_revenue: price 1.5 is not an integer");
        assertThat(reading.contribution())
                .isEqualTo(contribution("daily_item_quantity", dailyItem("2026-11-25", "a", 3)));
    }

    @Test
    void anImageMalformedEverywhereCountsNothing() {
        OrderReading reading = THREE.read(image("order_date", s("yesterday"), "item_id", s("a")));

        assertThat(reading.contribution()).isEqualTo(Contribution.NONE);
        assertThat(reading.malformed())
                .containsOnlyKeys("daily_item_quantity", "monthly_item_revenue", "hourly_orders");
    }

    @Test
    void anAbsentImageReadsAsAbsent() {
        assertThat(THREE.read(null)).isEqualTo(OrderReading.ABSENT);
        assertThat(THREE.read(null).target().malformed()).isFalse();
    }

    @Test
    void deltasOfTwoAggregationsSharingATableAndKeyMergeIntoOneTotal() {
        Aggregations shared = Aggregations.of(List.of(DAILY, DAILY_ORDERS));
        Contribution counted = shared.read(image("order_date", s("2026-11-25"), "item_id", s("a"), "quantity", n("4")))
                .contribution();

        assertThat(shared.deltas(Contribution.NONE, counted))
                .containsExactly(Map.entry(dailyTotal("2026-11-25", "a"), measures("orders", 1, "quantity", 4)));
    }

    @Test
    void deltasOfTwoAggregationsSharingATableKeepTheirMeasuresApartWhenTheirKeysDiffer() {
        Aggregations shared = Aggregations.of(List.of(DAILY, DAILY_ORDERS));
        Contribution from = contribution(
                "daily_item_quantity", dailyItem("2026-11-25", "a", 4),
                "daily_item_orders", part(List.of("2026-11-25", "a"), "orders", 1));
        Contribution to = contribution(
                "daily_item_quantity", dailyItem("2026-11-25", "a", 6),
                "daily_item_orders", part(List.of("2026-11-25", "b"), "orders", 1));

        assertThat(shared.deltas(from, to))
                .containsExactly(
                        Map.entry(dailyTotal("2026-11-25", "a"), measures("orders", -1, "quantity", 2)),
                        Map.entry(dailyTotal("2026-11-25", "b"), measures("orders", 1)));
    }

    @Test
    void deltasIgnoreAPartOfAnAggregationThatIsNotConfigured() {
        Aggregations daily = Aggregations.of(List.of(DAILY));
        Contribution withRemoved = contribution(
                "daily_item_quantity", dailyItem("2026-11-25", "a", 4),
                "removed_aggregation", part(List.of("2026-11-25", "a"), "quantity", 100));
        Contribution withoutIt = contribution("daily_item_quantity", dailyItem("2026-11-25", "a", 4));

        assertThat(daily.deltas(withRemoved, withoutIt)).isEmpty();
        assertThat(daily.deltas(withoutIt, withRemoved)).isEmpty();
        assertThat(daily.deltas(withRemoved, Contribution.NONE))
                .containsExactly(Map.entry(dailyTotal("2026-11-25", "a"), measures("quantity", -4)));
    }

    @Test
    void movingFromAContributionWithoutANewAggregationsPartAddsTheWholePart() {
        Aggregations withMonthly = Aggregations.of(List.of(DAILY, MONTHLY_REVENUE));
        Contribution beforeMonthly = contribution("daily_item_quantity", dailyItem("2026-11-25", "a", 3));
        Contribution now = contribution(
                "daily_item_quantity", dailyItem("2026-11-25", "a", 3),
                "monthly_item_revenue", part(List.of("2026-11", "a"), "revenue", 40));

        assertThat(withMonthly.deltas(beforeMonthly, now))
                .containsExactly(Map.entry(
                        new TotalKey("monthly", List.of("month", "item_number"), List.of("2026-11", "a")),
                        measures("revenue", 40)));
    }

    @Test
    void deltasOfAPartKeyedUnderAnotherNumberOfKeysMoveNothing() {
        Aggregations daily = Aggregations.of(List.of(DAILY));
        Contribution oneKey = contribution("daily_item_quantity", part(List.of("2026-11-25"), "quantity", 4));

        assertThat(daily.deltas(oneKey, Contribution.NONE)).isEmpty();
    }

    @Test
    void deltasOfTheSameContributionAreEmpty() {
        Contribution counted = contribution(
                "daily_item_quantity", dailyItem("2026-11-25", "a", 3),
                "monthly_item_revenue", part(List.of("2026-11", "a"), "revenue", 40),
                "hourly_orders", part(List.of("2026-11-25T07"), "orders", 1));

        assertThat(THREE.deltas(counted, counted)).isEmpty();
    }
}
