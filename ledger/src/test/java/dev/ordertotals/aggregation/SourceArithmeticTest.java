package dev.ordertotals.aggregation;

import static dev.ordertotals.aggregation.TestOrders.n;
import static dev.ordertotals.aggregation.TestOrders.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The source document's arithmetic, per stream record: the new image adds its quantity to the total of (day, item),
 * the old image subtracts. The function applies it to the order's ledger entry rather than to each record: a batch
 * moves the entry from what it counts ({@link Contribution}) to what the order's latest image should count
 * ({@link LedgerTarget}), and the totals by {@link Aggregations#deltas}. For one record whose entry counts what its
 * old image counted, that move is exactly the source's arithmetic; for a run of records, it is their sum.
 */
class SourceArithmeticTest {

    private static final Aggregations AGGREGATIONS = Aggregations.orderTotals(TestOrders.TOTALS);
    private static final String QUANTITY = "quantity";

    private static final TotalKey DAY1_A = TestOrders.dailyTotal("2026-11-24", "itemA");
    private static final TotalKey DAY2_A = TestOrders.dailyTotal("2026-11-25", "itemA");
    private static final TotalKey DAY2_B = TestOrders.dailyTotal("2026-11-25", "itemB");

    private static OrderImage order(String date, String item, String quantity) {
        return TestOrders.order(s(date + "T09:30:00Z"), s(item), n(quantity));
    }

    /** What the ledger entry counts once {@code image} was committed (a malformed image counts nothing). */
    private static Contribution counted(OrderImage image) {
        return AGGREGATIONS.read(image).contribution();
    }

    /** What the function's commit does to the totals for one record, the entry counting what the old image did. */
    private static SortedMap<TotalKey, SortedMap<String, BigInteger>> deltasOf(
            OrderImage oldImage, OrderImage newImage) {
        return AGGREGATIONS.deltas(counted(oldImage), target(newImage).contribution());
    }

    private static LedgerTarget target(OrderImage newImage) {
        return AGGREGATIONS.read(newImage).target();
    }

    /** The quantity deltas, as the totals' changes of the default aggregation. */
    private static Map<TotalKey, SortedMap<String, BigInteger>> exactly(Map<TotalKey, Long> deltas) {
        Map<TotalKey, SortedMap<String, BigInteger>> exact = new TreeMap<>();
        deltas.forEach((key, delta) -> exact.put(key, new TreeMap<>(Map.of(QUANTITY, BigInteger.valueOf(delta)))));
        return exact;
    }

    static Stream<Arguments> eventTypes() {
        return Stream.of(
                Arguments.of(
                        "INSERT adds the new quantity", null, order("2026-11-25", "itemA", "10"), Map.of(DAY2_A, 10L)),
                Arguments.of(
                        "REMOVE subtracts the old quantity",
                        order("2026-11-25", "itemA", "10"),
                        null,
                        Map.of(DAY2_A, -10L)),
                Arguments.of(
                        "MODIFY of quantity moves the difference",
                        order("2026-11-25", "itemA", "10"),
                        order("2026-11-25", "itemA", "25"),
                        Map.of(DAY2_A, 15L)),
                Arguments.of(
                        "MODIFY of date moves the quantity across days",
                        order("2026-11-24", "itemA", "10"),
                        order("2026-11-25", "itemA", "10"),
                        Map.of(DAY1_A, -10L, DAY2_A, 10L)),
                Arguments.of(
                        "MODIFY of item moves the quantity across items",
                        order("2026-11-25", "itemA", "10"),
                        order("2026-11-25", "itemB", "4"),
                        Map.of(DAY2_A, -10L, DAY2_B, 4L)),
                Arguments.of(
                        "MODIFY of the time of day only changes nothing",
                        order("2026-11-25", "itemA", "10"),
                        TestOrders.order(s("2026-11-25T23:00:00Z"), s("itemA"), n("10")),
                        Map.of()),
                Arguments.of(
                        "MODIFY that adds the missing quantity adds it",
                        TestOrders.order(s("2026-11-25"), s("itemA"), null),
                        order("2026-11-25", "itemA", "3"),
                        Map.of(DAY2_A, 3L)),
                Arguments.of(
                        "INSERT of a non-order adds nothing",
                        null,
                        TestOrders.order(null, s("itemA"), n("3")),
                        Map.of()),
                Arguments.of("INSERT of quantity 0 adds nothing", null, order("2026-11-25", "itemA", "0"), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void appliesTheSourceDocumentsArithmetic(
            String name, OrderImage oldImage, OrderImage newImage, Map<TotalKey, Long> expected) {
        assertThat(deltasOf(oldImage, newImage)).isEqualTo(exactly(expected));
        assertThat(target(newImage).malformed()).isFalse();
    }

    @Test
    void modifyFromValidToMalformedSubtractsTheOldAndQuarantines() {
        OrderImage malformed = order("2026-11-25", "itemA", "2.5");

        assertThat(deltasOf(order("2026-11-25", "itemA", "10"), malformed)).isEqualTo(exactly(Map.of(DAY2_A, -10L)));
        assertThat(target(malformed).malformedReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("quantity 2.5 is not an integer"));
    }

    @Test
    void modifyFromMalformedToValidAddsTheNewWithoutQuarantiningTheFix() {
        OrderImage fixed = order("2026-11-25", "itemA", "10");

        assertThat(deltasOf(TestOrders.order(s("yesterday"), s("itemA"), n("10")), fixed))
                .as("the malformed image counted nothing")
                .isEqualTo(exactly(Map.of(DAY2_A, 10L)));
        assertThat(target(fixed).malformed()).isFalse();
    }

    @Test
    void deletingAMalformedOrderChangesNothingAndIsNotQuarantined() {
        assertThat(deltasOf(order("2026-11-25", "itemA", "2.5"), null)).isEmpty();
        assertThat(target(null).malformed()).isFalse();
    }

    @Test
    void malformedInsertChangesNoTotalButIsQuarantined() {
        OrderImage malformed = TestOrders.order(s("2026-11-25"), s("itemA"), s("abc"));

        assertThat(deltasOf(null, malformed)).isEmpty();
        assertThat(target(malformed).malformed()).isTrue();
    }

    @Test
    void oneMoveOfTheLedgerEntryIsTheSumOfTheRecordsItStandsFor() {
        // One order's images, oldest first: each record goes from one image to the next.
        List<OrderImage> images = Arrays.asList(
                null,
                order("2026-11-25", "itemA", "10"),
                order("2026-11-25", "itemA", "25"),
                order("2026-11-25", "itemB", "4"),
                order("2026-11-25", "itemB", "2.5"),
                order("2026-11-24", "itemA", "3"),
                null);
        for (int from = 0; from < images.size(); from++) {
            Map<TotalKey, SortedMap<String, BigInteger>> perRecord = new TreeMap<>();
            List<OrderImage> run = new ArrayList<>();
            for (int to = from + 1; to < images.size(); to++) {
                run.add(images.get(to));
                deltasOf(images.get(to - 1), images.get(to))
                        .forEach((key, measures) -> measures.forEach((measure, delta) -> perRecord
                                .computeIfAbsent(key, ignored -> new TreeMap<>())
                                .merge(measure, delta, BigInteger::add)));
                perRecord.values().forEach(measures -> measures.values().removeIf(delta -> delta.signum() == 0));
                perRecord.values().removeIf(Map::isEmpty);

                assertThat(AGGREGATIONS.deltas(
                                counted(images.get(from)),
                                target(images.get(to)).contribution()))
                        .as("from image %d through %s", from, run)
                        .isEqualTo(perRecord);
            }
        }
    }
}
