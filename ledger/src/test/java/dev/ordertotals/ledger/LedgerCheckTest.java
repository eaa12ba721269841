package dev.ordertotals.ledger;

import static dev.ordertotals.aggregation.TestOrders.contribution;
import static dev.ordertotals.aggregation.TestOrders.dailyItem;
import static dev.ordertotals.aggregation.TestOrders.key;
import static dev.ordertotals.aggregation.TestOrders.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.TestOrders;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An entry against its order for some of the configured aggregations (the tools' {@code --aggregation}): only their
 * parts are compared, and the repair moves only those, keeping the entry's other parts and, while they disagree, its
 * quarantine note.
 */
class LedgerCheckTest {

    private static final Aggregation DAILY = Aggregation.orderTotals(TestOrders.TOTALS);

    /** Per month and item, the sum of {@code price}. */
    private static final Aggregation MONTHLY_REVENUE = TestOrders.aggregation(
            "monthly_item_revenue",
            "monthly",
            List.of(key("month", "order_date", Transform.MONTH), key("item_number", "item_id", Transform.VALUE)),
            List.of(new Measure.Sum("revenue", "price")));

    private static final Aggregations BOTH = Aggregations.of(List.of(DAILY, MONTHLY_REVENUE));
    private static final Aggregations ONLY_DAILY = BOTH.only(DAILY.name());

    private static final Map<String, AttributeValue> ORDER = order("3", "40");

    private static Map<String, AttributeValue> order(String quantity, String price) {
        return Map.of(
                "order_id", AttributeValue.fromS("o1"),
                "order_date", AttributeValue.fromS("2026-11-25T07:30Z"),
                "item_id", AttributeValue.fromS("a"),
                "quantity", AttributeValue.fromN(quantity),
                "price", AttributeValue.fromN(price));
    }

    private static Contribution.Part monthly(long revenue) {
        return part(List.of("2026-11", "a"), "revenue", revenue);
    }

    private static LedgerEntry entry(Contribution contribution, Optional<String> quarantine) {
        return new LedgerEntry(contribution, 3, Map.of(), quarantine, Map.of());
    }

    private static LedgerEntry entry(Contribution contribution) {
        return entry(contribution, Optional.empty());
    }

    @Test
    void someAggregationsCompareOnlyTheirParts() {
        LedgerEntry staleRevenue =
                entry(contribution(DAILY.name(), dailyItem("2026-11-25", "a", 3), MONTHLY_REVENUE.name(), monthly(39)));

        assertThat(LedgerCheck.of(BOTH, ONLY_DAILY, "o1", staleRevenue, ORDER).agrees())
                .isTrue();
        LedgerCheck whole = LedgerCheck.of(BOTH, "o1", staleRevenue, ORDER);
        assertThat(whole.agrees()).isFalse();
        assertThat(LedgerCheck.of(BOTH, BOTH.only(MONTHLY_REVENUE.name()), "o1", staleRevenue, ORDER)
                        .describe())
                .isEqualTo("order o1: ledger says monthly_item_revenue(2026-11, a): revenue 39,"
                        + " order says monthly_item_revenue(2026-11, a): revenue 40");
    }

    @Test
    void theRepairOfOneAggregationKeepsTheEntrysOtherParts() {
        LedgerEntry staleBoth =
                entry(contribution(DAILY.name(), dailyItem("2026-11-25", "a", 2), MONTHLY_REVENUE.name(), monthly(39)));

        LedgerCheck check = LedgerCheck.of(BOTH, ONLY_DAILY, "o1", staleBoth, ORDER);

        assertThat(check.agrees()).isFalse();
        assertThat(check.repair().contribution())
                .isEqualTo(contribution(
                        DAILY.name(), dailyItem("2026-11-25", "a", 3), MONTHLY_REVENUE.name(), monthly(39)));
        assertThat(ONLY_DAILY.deltas(staleBoth.contribution(), check.repair().contribution()))
                .as("only the daily total moves")
                .containsOnlyKeys(TestOrders.dailyTotal("2026-11-25", "a"));
    }

    @Test
    void anAggregationAddedSinceTheEntryWasWrittenIsAddedBesideTheOthers() {
        LedgerEntry dailyOnly = entry(contribution(DAILY.name(), dailyItem("2026-11-25", "a", 3)));

        LedgerCheck check = LedgerCheck.of(BOTH, BOTH.only(MONTHLY_REVENUE.name()), "o1", dailyOnly, ORDER);

        assertThat(check.repair().contribution())
                .isEqualTo(contribution(
                        DAILY.name(), dailyItem("2026-11-25", "a", 3), MONTHLY_REVENUE.name(), monthly(40)));
        assertThat(check.repair().keepsNote()).isFalse();
    }

    @Test
    void aQuarantineNoteIsKeptWhileTheOtherPartsStillDisagreeAndClearedOnceTheEntryAgreesWhole() {
        Optional<String> refused = Optional.of(LedgerItem.REFUSED);
        LedgerEntry staleBoth = entry(
                contribution(DAILY.name(), dailyItem("2026-11-25", "a", 2), MONTHLY_REVENUE.name(), monthly(39)),
                refused);
        LedgerEntry staleDaily = entry(
                contribution(DAILY.name(), dailyItem("2026-11-25", "a", 2), MONTHLY_REVENUE.name(), monthly(40)),
                refused);

        LedgerCheck.Repair stillBehind =
                LedgerCheck.of(BOTH, ONLY_DAILY, "o1", staleBoth, ORDER).repair();
        LedgerCheck.Repair caughtUp =
                LedgerCheck.of(BOTH, ONLY_DAILY, "o1", staleDaily, ORDER).repair();

        assertThat(stillBehind.malformedReason()).isEmpty();
        assertThat(stillBehind.keepsNote()).isTrue();
        assertThat(caughtUp.keepsNote()).isFalse();
    }

    @Test
    void aNoteOfAnotherAggregationIsNoDisagreementButTheRepairQuarantinesForEveryAggregation() {
        Map<String, AttributeValue> badPrice = order("3", "40.5");
        LedgerEntry quarantined =
                entry(contribution(DAILY.name(), dailyItem("2026-11-25", "a", 3)), Optional.of(LedgerItem.MALFORMED));
        LedgerEntry staleDaily = entry(contribution(DAILY.name(), dailyItem("2026-11-25", "a", 2)));

        assertThat(LedgerCheck.of(BOTH, ONLY_DAILY, "o1", quarantined, badPrice).agrees())
                .isTrue();
        LedgerCheck check = LedgerCheck.of(BOTH, ONLY_DAILY, "o1", staleDaily, badPrice);
        assertThat(check.agrees()).isFalse();
        assertThat(check.repair().malformedReason())
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("aggregation monthly_item_revenue: "));
    }

    @Test
    void aGoneOrdersEntryIsTombstonedOnlyOnceItCountsNothing() {
        LedgerEntry both =
                entry(contribution(DAILY.name(), dailyItem("2026-11-25", "a", 3), MONTHLY_REVENUE.name(), monthly(40)));

        LedgerCheck.Repair daily =
                LedgerCheck.of(BOTH, ONLY_DAILY, "o1", both, null).repair();
        LedgerCheck.Repair whole = LedgerCheck.of(BOTH, "o1", both, null).repair();

        assertThat(daily.contribution()).isEqualTo(contribution(MONTHLY_REVENUE.name(), monthly(40)));
        assertThat(daily.tombstone()).isFalse();
        assertThat(whole.contribution()).isEqualTo(Contribution.NONE);
        assertThat(whole.tombstone()).isTrue();
    }

    @Test
    void aggregationsThatAreNotConfiguredCannotBeChecked() {
        assertThatThrownBy(() -> LedgerCheck.of(
                        Aggregations.of(List.of(DAILY)),
                        Aggregations.of(List.of(MONTHLY_REVENUE)),
                        "o1",
                        LedgerEntry.ABSENT,
                        ORDER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not among those configured");
    }
}
