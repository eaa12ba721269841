package dev.ordertotals.aggregation;

import static dev.ordertotals.aggregation.TestOrders.n;
import static dev.ordertotals.aggregation.TestOrders.part;
import static dev.ordertotals.aggregation.TestOrders.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.Filter;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Filters: an order they leave out counts nothing in that aggregation, and is not malformed there. */
class FilterTest {

    private static final ImageReading.Counted COUNTED =
            new ImageReading.Counted(part(List.of("2026-11-25", "a"), "quantity", 10));

    private static AggregationRules filteredBy(Filter filter) {
        return new AggregationRules(TestOrders.filtered(Aggregation.orderTotals("t"), filter));
    }

    /** A valid order of the default aggregation, with one more attribute. */
    private static OrderImage orderWith(String attribute, FieldValue value) {
        return TestOrders.order(s("2026-11-25"), s("a"), n("10")).with(attribute, value);
    }

    @Test
    void existsLetsInAnOrderWithTheAttributeOfAnyType() {
        Filter exists = new Filter.Exists("coupon");

        assertThat(filteredBy(exists).read(orderWith("coupon", s("WELCOME")))).isEqualTo(COUNTED);
        assertThat(filteredBy(exists).read(orderWith("coupon", n("0")))).isEqualTo(COUNTED);
        assertThat(filteredBy(exists).read(orderWith("coupon", new FieldValue.OtherType("NULL"))))
                .isEqualTo(COUNTED);
    }

    @Test
    void existsLeavesOutAnOrderWithoutTheAttribute() {
        assertThat(filteredBy(new Filter.Exists("coupon")).read(orderWith("coupon", null)))
                .isEqualTo(new ImageReading.NotCounted("filter: no coupon"));
    }

    @Test
    void equalsTextLetsInTheSameString() {
        assertThat(filteredBy(new Filter.EqualsText("status", "paid")).read(orderWith("status", s("paid"))))
                .isEqualTo(COUNTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Paid", "paid ", "", "refunded"})
    void equalsTextLeavesOutAnotherString(String status) {
        assertThat(filteredBy(new Filter.EqualsText("status", "paid")).read(orderWith("status", s(status))))
                .isEqualTo(new ImageReading.NotCounted("filter: status is not 'paid'"));
    }

    @Test
    void equalsTextLeavesOutANumberThatReadsTheSameNotMalformed() {
        assertThat(filteredBy(new Filter.EqualsText("channel", "1")).read(orderWith("channel", n("1"))))
                .isEqualTo(new ImageReading.NotCounted("filter: channel is not '1'"));
    }

    @Test
    void equalsTextLeavesOutAnOrderWithoutTheAttribute() {
        assertThat(filteredBy(new Filter.EqualsText("status", "paid")).read(orderWith("status", null)))
                .isEqualTo(new ImageReading.NotCounted("filter: status is not 'paid'"));
    }

    @ParameterizedTest
    @CsvSource({"10, 10", "10, 10.0", "10.0, 10", "10, 1E+1", "10, 10.000", "-2.50, -2.5", "0, -0"})
    void equalsNumberComparesNumbersNotTheirText(String declared, String stored) {
        assertThat(filteredBy(new Filter.EqualsNumber("priority", new BigDecimal(declared)))
                        .read(orderWith("priority", n(stored))))
                .isEqualTo(COUNTED);
    }

    @Test
    void equalsNumberLeavesOutAnotherNumber() {
        assertThat(filteredBy(new Filter.EqualsNumber("priority", new BigDecimal("10")))
                        .read(orderWith("priority", n("10.5"))))
                .isEqualTo(new ImageReading.NotCounted("filter: priority is not 10"));
    }

    @Test
    void equalsNumberLeavesOutAStringThatReadsAsTheNumberNotMalformed() {
        assertThat(filteredBy(new Filter.EqualsNumber("priority", new BigDecimal("10")))
                        .read(orderWith("priority", s("10"))))
                .isEqualTo(new ImageReading.NotCounted("filter: priority is not 10"));
    }

    @Test
    void anOrderTheFilterLeavesOutIsNotMalformedEvenWithMalformedFields() {
        OrderImage malformed =
                TestOrders.order(s("yesterday"), s("a"), n("2.5")).with("status", s("draft"));

        assertThat(filteredBy(new Filter.EqualsText("status", "paid")).read(malformed))
                .isEqualTo(new ImageReading.NotCounted("filter: status is not 'paid'"));
    }

    @Test
    void anOrderTheFilterLetsInIsReadByTheRules() {
        OrderImage malformed = TestOrders.order(s("yesterday"), s("a"), n("10")).with("status", s("paid"));

        assertThat(filteredBy(new Filter.EqualsText("status", "paid")).read(malformed))
                .isEqualTo(
                        new ImageReading.Invalid("order_date 'yesterday' does not start with an ISO date YYYY-MM-DD"));
    }
}
