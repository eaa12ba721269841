package dev.ordertotals.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.aggregation.FieldValue.Number;
import dev.ordertotals.aggregation.FieldValue.OtherType;
import dev.ordertotals.aggregation.FieldValue.Text;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderRulesTest {

    private static final Text DATE = new Text("2026-11-25T10:15:00Z");
    private static final Text ITEM = new Text("item123");
    private static final Number TEN = new Number("10");

    @Test
    void absentImageIsAbsent() {
        assertThat(OrderRules.read(null)).isEqualTo(new ImageReading.Absent());
    }

    @Test
    void validOrderCountsItsQuantityUnderTheDatePartBeforeT() {
        assertThat(OrderRules.read(new OrderImage(DATE, ITEM, TEN)))
                .isEqualTo(new ImageReading.Counted(new TotalKey(LocalDate.of(2026, 11, 25), "item123"), 10));
    }

    static Stream<Arguments> countedImages() {
        return Stream.of(
                Arguments.of(new OrderImage(new Text("2026-01-02"), ITEM, TEN), "2026-01-02", 10),
                Arguments.of(new OrderImage(new Text("2026-01-02T23:59:59.999+05:00"), ITEM, TEN), "2026-01-02", 10),
                Arguments.of(new OrderImage(DATE, ITEM, new Number("-3")), "2026-11-25", -3),
                Arguments.of(new OrderImage(DATE, ITEM, new Number("7.000")), "2026-11-25", 7),
                Arguments.of(new OrderImage(DATE, ITEM, new Number("1E+2")), "2026-11-25", 100),
                Arguments.of(
                        new OrderImage(DATE, ITEM, new Number("1000000000000000")),
                        "2026-11-25",
                        1_000_000_000_000_000L));
    }

    @ParameterizedTest
    @MethodSource("countedImages")
    void countsValidVariants(OrderImage image, String expectedDate, long expectedQuantity) {
        assertThat(OrderRules.read(image))
                .isEqualTo(new ImageReading.Counted(
                        new TotalKey(LocalDate.parse(expectedDate), "item123"), expectedQuantity));
    }

    static Stream<Arguments> notCountedImages() {
        return Stream.of(
                Arguments.of(new OrderImage(null, ITEM, TEN), "missing order_date"),
                Arguments.of(new OrderImage(DATE, null, TEN), "missing item_id"),
                Arguments.of(new OrderImage(DATE, ITEM, null), "missing quantity"),
                Arguments.of(new OrderImage(DATE, new Text(""), TEN), "missing item_id"),
                Arguments.of(new OrderImage(null, null, null), "missing order_date, item_id, quantity"),
                Arguments.of(new OrderImage(DATE, ITEM, new Number("0")), "quantity is 0"));
    }

    @ParameterizedTest
    @MethodSource("notCountedImages")
    void skipsImagesThatAreNotOrders(OrderImage image, String why) {
        assertThat(OrderRules.read(image)).isEqualTo(new ImageReading.NotCounted(why));
    }

    static Stream<Arguments> invalidImages() {
        return Stream.of(
                Arguments.of(new OrderImage(DATE, ITEM, new Number("2.5")), "quantity 2.5 is not an integer"),
                Arguments.of(new OrderImage(DATE, ITEM, new Text("abc")), "quantity must be a number (N), got S"),
                Arguments.of(
                        new OrderImage(DATE, ITEM, new Number("99999999999999999999")),
                        "quantity 99999999999999999999 is out of range (|quantity| <= 10^15)"),
                Arguments.of(
                        new OrderImage(DATE, ITEM, new Number("-1000000000000001")),
                        "quantity -1000000000000001 is out of range (|quantity| <= 10^15)"),
                Arguments.of(
                        new OrderImage(DATE, new Text("x".repeat(1025)), TEN), "item_id is longer than 1024 bytes"),
                Arguments.of(
                        new OrderImage(new Text("yesterday"), ITEM, TEN),
                        "order_date 'yesterday' does not start with an ISO date YYYY-MM-DD"),
                Arguments.of(
                        new OrderImage(new Text("2026-02-30"), ITEM, TEN),
                        "order_date '2026-02-30' does not start with an ISO date YYYY-MM-DD"),
                Arguments.of(
                        new OrderImage(new Text("2026-11-25 10:00"), ITEM, TEN),
                        "order_date '2026-11-25 10:00' does not start with an ISO date YYYY-MM-DD"),
                Arguments.of(
                        new OrderImage(new Text("25/11/2026"), ITEM, TEN),
                        "order_date '25/11/2026' does not start with an ISO date YYYY-MM-DD"),
                Arguments.of(
                        new OrderImage(new Number("20261125"), ITEM, TEN), "order_date must be a string (S), got N"),
                Arguments.of(new OrderImage(DATE, new Number("123"), TEN), "item_id must be a string (S), got N"),
                Arguments.of(
                        new OrderImage(DATE, new OtherType("NULL"), TEN), "item_id must be a string (S), got NULL"),
                Arguments.of(
                        new OrderImage(DATE, ITEM, new OtherType("BOOL")), "quantity must be a number (N), got BOOL"));
    }

    @ParameterizedTest
    @MethodSource("invalidImages")
    void malformedFieldsMakeTheImageInvalidWithAReason(OrderImage image, String reason) {
        assertThat(OrderRules.read(image)).isEqualTo(new ImageReading.Invalid(reason));
    }

    @Test
    void malformedFieldWinsOverMissingOnes() {
        assertThat(OrderRules.read(new OrderImage(new Text("yesterday"), null, null)))
                .isInstanceOf(ImageReading.Invalid.class);
    }

    @Test
    void reportsEveryMalformedField() {
        assertThat(OrderRules.read(new OrderImage(new Text("yesterday"), ITEM, new Number("2.5"))))
                .isEqualTo(
                        new ImageReading.Invalid(
                                "order_date 'yesterday' does not start with an ISO date YYYY-MM-DD; quantity 2.5 is not an integer"));
    }
}
