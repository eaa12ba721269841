package dev.ordertotals.commit;

import static dev.ordertotals.aggregation.TestOrders.contribution;
import static dev.ordertotals.aggregation.TestOrders.dailyItem;
import static dev.ordertotals.aggregation.TestOrders.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A contribution as a ledger entry stores it, and back, in the current format and the one before. */
class ContributionItemsTest {

    private static Map<String, AttributeValue> entryWith(AttributeValue contributions) {
        return Map.of(LedgerItem.CONTRIBUTIONS, contributions);
    }

    /** A stored contribution of one aggregation, {@code broken}, whose part is {@code part}. */
    private static Map<String, AttributeValue> entryWithPart(AttributeValue part) {
        return entryWith(AttributeValue.fromM(Map.of("broken", part)));
    }

    private static AttributeValue storedPart(AttributeValue key, AttributeValue measures) {
        return AttributeValue.fromM(Map.of(LedgerItem.PART_KEY, key, LedgerItem.PART_MEASURES, measures));
    }

    private static AttributeValue keyOf(String... values) {
        return AttributeValue.fromL(Stream.of(values).map(AttributeValue::fromS).toList());
    }

    private static AttributeValue measure(String name, String number) {
        return AttributeValue.fromM(Map.of(name, AttributeValue.fromN(number)));
    }

    @Test
    void aContributionReadsBackAsWritten() {
        Contribution written = contribution(
                "daily_item_quantity", dailyItem("2026-11-25", "a", -3),
                "monthly_item_figures", part(List.of("2026-11", "a"), "orders", 1, "revenue", 1_000_000_000_000_000L),
                "orders_per_customer", part(List.of("c€ \u0000 |"), "orders", 1));

        assertThat(ContributionItems.fromItem(entryWith(ContributionItems.toAttribute(written))))
                .isEqualTo(written);
    }

    @Test
    void aStoredContributionKeepsEachPartsKeyAndMeasuresUnderItsAggregation() {
        AttributeValue stored =
                ContributionItems.toAttribute(contribution("daily_item_quantity", dailyItem("2026-11-25", "a", 3)));

        assertThat(stored.m())
                .containsExactly(Map.entry(
                        "daily_item_quantity", storedPart(keyOf("2026-11-25", "a"), measure("quantity", "3"))));
    }

    @Test
    void anEmptyStoredContributionReadsAsNone() {
        assertThat(ContributionItems.fromItem(entryWith(AttributeValue.fromM(Map.of()))))
                .isEqualTo(Contribution.NONE);
    }

    @Test
    void anEntryWithoutAnyContributionReadsAsNone() {
        assertThat(ContributionItems.fromItem(Map.of(LedgerItem.VERSION, AttributeValue.fromN("3"))))
                .isEqualTo(Contribution.NONE);
    }

    @Test
    void aLegacyEntryReadsAsTheDefaultAggregationsPart() {
        Map<String, AttributeValue> legacy = Map.of(
                LedgerItem.LEGACY_COUNTED_DATE, AttributeValue.fromS("2026-11-25"),
                LedgerItem.LEGACY_COUNTED_ITEM, AttributeValue.fromS("item123"),
                LedgerItem.LEGACY_COUNTED_QUANTITY, AttributeValue.fromN("10"));

        assertThat(ContributionItems.fromItem(legacy))
                .isEqualTo(contribution(Aggregation.ORDER_TOTALS, dailyItem("2026-11-25", "item123", 10)));
    }

    @Test
    void aLegacyEntryMissingAFieldReadsAsNone() {
        Map<String, AttributeValue> legacy = Map.of(
                LedgerItem.LEGACY_COUNTED_DATE, AttributeValue.fromS("2026-11-25"),
                LedgerItem.LEGACY_COUNTED_ITEM, AttributeValue.fromS("item123"));

        assertThat(ContributionItems.fromItem(legacy)).isEqualTo(Contribution.NONE);
    }

    @Test
    void theCurrentFormatWinsOverLegacyFieldsOnTheSameEntry() {
        Contribution current = contribution("daily_item_quantity", dailyItem("2026-11-26", "b", 2));
        Map<String, AttributeValue> both = new HashMap<>(entryWith(ContributionItems.toAttribute(current)));
        both.put(LedgerItem.LEGACY_COUNTED_DATE, AttributeValue.fromS("2026-11-25"));
        both.put(LedgerItem.LEGACY_COUNTED_ITEM, AttributeValue.fromS("item123"));
        both.put(LedgerItem.LEGACY_COUNTED_QUANTITY, AttributeValue.fromN("10"));

        assertThat(ContributionItems.fromItem(both)).isEqualTo(current);
    }

    @Test
    void aLedgerEntryReadsItsContribution() {
        Contribution written = contribution("daily_item_quantity", dailyItem("2026-11-25", "a", 3));
        Map<String, AttributeValue> item = Map.of(
                LedgerItem.CONTRIBUTIONS, ContributionItems.toAttribute(written),
                LedgerItem.DIGEST, AttributeValue.fromS(written.digest()),
                LedgerItem.VERSION, AttributeValue.fromN("4"));

        assertThat(LedgerEntry.from(item).contribution()).isEqualTo(written);
        assertThat(LedgerEntry.from(item).version()).isEqualTo(4);
    }

    @Test
    void storedContributionsThatAreNotAMapAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContributionItems.fromItem(entryWith(AttributeValue.fromS("daily"))))
                .withMessage("contributions is not a map");
    }

    static Stream<Arguments> malformedParts() {
        AttributeValue key = keyOf("2026-11-25", "a");
        AttributeValue measures = measure("quantity", "3");
        return Stream.of(
                Arguments.of("not a map", AttributeValue.fromS("x"), "the part of aggregation broken is not"),
                Arguments.of(
                        "without a key",
                        AttributeValue.fromM(Map.of(LedgerItem.PART_MEASURES, measures)),
                        "the part of aggregation broken is not"),
                Arguments.of(
                        "without measures",
                        AttributeValue.fromM(Map.of(LedgerItem.PART_KEY, key)),
                        "the part of aggregation broken is not"),
                Arguments.of(
                        "a key that is not a list",
                        storedPart(AttributeValue.fromS("2026-11-25"), measures),
                        "the part of aggregation broken is not"),
                Arguments.of(
                        "measures that are not a map",
                        storedPart(key, AttributeValue.fromN("3")),
                        "the part of aggregation broken is not"),
                Arguments.of(
                        "a key value that is not a string",
                        storedPart(AttributeValue.fromL(List.of(AttributeValue.fromN("20261125"))), measures),
                        "a key value of aggregation broken is not a string"),
                Arguments.of(
                        "a measure that is not a number",
                        storedPart(key, AttributeValue.fromM(Map.of("quantity", AttributeValue.fromS("3")))),
                        "measure quantity of aggregation broken is not a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedParts")
    void aMalformedStoredPartIsRefusedNamingItsAggregation(String what, AttributeValue part, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContributionItems.fromItem(entryWithPart(part)))
                .withMessageStartingWith(message);
    }

    @Test
    void aStoredMeasureThatIsNotALongIsRefusedNamingItsAggregation() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContributionItems.fromItem(
                        entryWithPart(storedPart(keyOf("2026-11-25", "a"), measure("quantity", "1.5")))))
                .withMessageContaining("broken")
                .withMessageContaining("quantity");
    }
}
