package dev.ordertotals.aggregation;

import static dev.ordertotals.aggregation.TestOrders.n;
import static dev.ordertotals.aggregation.TestOrders.order;
import static dev.ordertotals.aggregation.TestOrders.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.aggregation.FieldValue.Number;
import dev.ordertotals.aggregation.FieldValue.OtherType;
import dev.ordertotals.aggregation.FieldValue.Text;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The source document's rules: {@link AggregationRules} for the default aggregation, {@code daily_item_quantity}. */
class AggregationRulesTest {

    private static final Text DATE = s("2026-11-25T10:15:00Z");
    private static final Text ITEM = s("item123");
    private static final Number TEN = n("10");

    private static final AggregationRules RULES = new AggregationRules(Aggregation.orderTotals(TestOrders.TOTALS));

    private static ImageReading.Counted counted(String day, String item, long quantity) {
        return new ImageReading.Counted(Contribution.Part.of(List.of(day, item), Map.of("quantity", quantity)));
    }

    @Test
    void absentImageIsAbsent() {
        assertThat(RULES.read(null)).isEqualTo(new ImageReading.Absent());
    }

    @Test
    void validOrderCountsItsQuantityUnderTheDatePartBeforeT() {
        assertThat(RULES.read(order(DATE, ITEM, TEN))).isEqualTo(counted("2026-11-25", "item123", 10));
    }

    static Stream<Arguments> countedImages() {
        return Stream.of(
                Arguments.of(order(s("2026-01-02"), ITEM, TEN), "2026-01-02", 10),
                Arguments.of(order(s("2026-01-02T23:59:59.999+05:00"), ITEM, TEN), "2026-01-02", 10),
                Arguments.of(order(DATE, ITEM, n("-3")), "2026-11-25", -3),
                Arguments.of(order(DATE, ITEM, n("7.000")), "2026-11-25", 7),
                Arguments.of(order(DATE, ITEM, n("1E+2")), "2026-11-25", 100),
                Arguments.of(order(DATE, ITEM, n("1000000000000000")), "2026-11-25", 1_000_000_000_000_000L));
    }

    @ParameterizedTest
    @MethodSource("countedImages")
    void countsValidVariants(OrderImage image, String expectedDate, long expectedQuantity) {
        assertThat(RULES.read(image)).isEqualTo(counted(expectedDate, "item123", expectedQuantity));
    }

    static Stream<Arguments> notCountedImages() {
        return Stream.of(
                Arguments.of(order(null, ITEM, TEN), "missing order_date"),
                Arguments.of(order(DATE, null, TEN), "missing item_id"),
                Arguments.of(order(DATE, ITEM, null), "missing quantity"),
                Arguments.of(order(DATE, s(""), TEN), "missing item_id"),
                Arguments.of(order(null, null, null), "missing order_date, item_id, quantity"),
                Arguments.of(order(DATE, ITEM, n("0")), "quantity is 0"));
    }

    @ParameterizedTest
    @MethodSource("notCountedImages")
    void skipsImagesThatAreNotOrders(OrderImage image, String why) {
        assertThat(RULES.read(image)).isEqualTo(new ImageReading.NotCounted(why));
    }

    static Stream<Arguments> invalidImages() {
        return Stream.of(
                Arguments.of(order(DATE, ITEM, n("2.5")), "quantity 2.5 is not an integer"),
                Arguments.of(order(DATE, ITEM, s("abc")), "quantity must be a number (N), got S"),
                Arguments.of(
                        order(DATE, ITEM, n("99999999999999999999")),
                        "quantity 99999999999999999999 is out of range (|quantity| <= 10^15)"),
                Arguments.of(
                        order(DATE, ITEM, n("-1000000000000001")),
                        "quantity -1000000000000001 is out of range (|quantity| <= 10^15)"),
                Arguments.of(order(DATE, s("x".repeat(1025)), TEN), "item_id is longer than 1024 bytes"),
                Arguments.of(
                        order(s("yesterday"), ITEM, TEN),
                        "order_date 'yesterday' does not start with an ISO date YYYY-MM-DD"),
                Arguments.of(
                        order(s("2026-02-30"), ITEM, TEN),
                        "order_date '2026-02-30' does not start with an ISO date YYYY-MM-DD"),
                Arguments.of(
                        order(s("2026-11-25 10:00"), ITEM, TEN),
                        "order_date '2026-11-25 10:00' does not start with an ISO date YYYY-MM-DD"),
                Arguments.of(
                        order(s("25/11/2026"), ITEM, TEN),
                        "order_date '25/11/2026' does not start with an ISO date YYYY-MM-DD"),
                Arguments.of(order(n("20261125"), ITEM, TEN), "order_date must be a string (S), got N"),
                Arguments.of(order(DATE, n("123"), TEN), "item_id must be a string (S), got N"),
                Arguments.of(order(DATE, new OtherType("NULL"), TEN), "item_id must be a string (S), got NULL"),
                Arguments.of(order(DATE, ITEM, new OtherType("BOOL")), "quantity must be a number (N), got BOOL"));
    }

    @ParameterizedTest
    @MethodSource("invalidImages")
    void malformedFieldsMakeTheImageInvalidWithAReason(OrderImage image, String reason) {
        assertThat(RULES.read(image)).isEqualTo(new ImageReading.Invalid(reason));
    }

    @Test
    void malformedFieldWinsOverMissingOnes() {
        assertThat(RULES.read(order(s("yesterday"), null, null))).isInstanceOf(ImageReading.Invalid.class);
    }

    @Test
    void reportsEveryMalformedField() {
        assertThat(RULES.read(order(s("yesterday"), ITEM, n("2.5"))))
                .isEqualTo(
                        new ImageReading.Invalid(
                                "order_date 'yesterday' does not start with an ISO date YYYY-MM-DD; quantity 2.5 is not an integer"));
    }
}
