package dev.ordertotals.aggregation;

import static dev.ordertotals.aggregation.TestOrders.image;
import static dev.ordertotals.aggregation.TestOrders.key;
import static dev.ordertotals.aggregation.TestOrders.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The time buckets {@code date}, {@code month}, {@code year} and {@code hour}: the text as written, never converted. */
class TimeBucketTest {

    /** One key, {@code bucket}, made from {@code placed_at} by {@code transform}; counts orders. */
    private static AggregationRules bucketedBy(Transform transform) {
        return new AggregationRules(TestOrders.aggregation(
                "by_" + transform.declared(),
                "t",
                List.of(key("bucket", "placed_at", transform)),
                List.of(new Measure.Count("orders"))));
    }

    private static ImageReading read(Transform transform, String placedAt) {
        return bucketedBy(transform).read(image("placed_at", s(placedAt)));
    }

    private static ImageReading.Counted inBucket(String bucket) {
        return new ImageReading.Counted(Contribution.Part.of(List.of(bucket), Map.of("orders", 1L)));
    }

    private static ImageReading.Invalid notADate(String placedAt) {
        return new ImageReading.Invalid("placed_at '" + placedAt + "' does not start with an ISO date YYYY-MM-DD");
    }

    private static ImageReading.Invalid notAnHour(String placedAt) {
        return new ImageReading.Invalid(
                "placed_at '" + placedAt + "' does not start with an ISO date and hour YYYY-MM-DDTHH");
    }

    @ParameterizedTest
    @CsvSource({"2026-11-25, 2026-11", "2026-11-25T10:15:00Z, 2026-11", "2026-01-31T23:59:59.999+05:00, 2026-01"})
    void monthIsTheYearAndMonthTheDateStartsWith(String placedAt, String month) {
        assertThat(read(Transform.MONTH, placedAt)).isEqualTo(inBucket(month));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11", "2026-13-01", "2026-02-30", "november", "2026-11-25 10:00"})
    void monthOfATextThatIsNotAnIsoDateIsMalformed(String placedAt) {
        assertThat(read(Transform.MONTH, placedAt)).isEqualTo(notADate(placedAt));
    }

    @ParameterizedTest
    @CsvSource({"2026-11-25, 2026", "2026-12-31T23:59:59Z, 2026", "0999-01-01, 0999"})
    void yearIsTheYearTheDateStartsWith(String placedAt, String year) {
        assertThat(read(Transform.YEAR, placedAt)).isEqualTo(inBucket(year));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026", "+2026-11-25", "20261125", "2026-02-29"})
    void yearOfATextThatIsNotAnIsoDateIsMalformed(String placedAt) {
        assertThat(read(Transform.YEAR, placedAt)).isEqualTo(notADate(placedAt));
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-25T07, 2026-11-25T07",
        "2026-11-25T07:30, 2026-11-25T07",
        "2026-11-25T00:00:00Z, 2026-11-25T00",
        "2026-11-25T23:59:59.999+05:00, 2026-11-25T23"
    })
    void hourIsTheDateAndTwoDigitHourTheTimestampStartsWith(String placedAt, String hour) {
        assertThat(read(Transform.HOUR, placedAt)).isEqualTo(inBucket(hour));
    }

    @Test
    void hourOfADateWithoutATimeIsMalformed() {
        assertThat(read(Transform.HOUR, "2026-11-25")).isEqualTo(notAnHour("2026-11-25"));
    }

    @Test
    void hour24IsMalformed() {
        assertThat(read(Transform.HOUR, "2026-11-25T24:00:00")).isEqualTo(notAnHour("2026-11-25T24:00:00"));
    }

    @Test
    void hourOfOneDigitIsMalformed() {
        assertThat(read(Transform.HOUR, "2026-11-25T7")).isEqualTo(notAnHour("2026-11-25T7"));
        assertThat(read(Transform.HOUR, "2026-11-25T7:30")).isEqualTo(notAnHour("2026-11-25T7:30"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:00", "2026-11-25 10:00", "2026-11-25T1a", "2026-11-25T123"})
    void hourOfAnInvalidDateOrHourIsMalformed(String placedAt) {
        assertThat(read(Transform.HOUR, placedAt)).isEqualTo(notAnHour(placedAt));
    }

    @Test
    void hourOfANumberIsMalformedLikeAnyTimeBucket() {
        assertThat(bucketedBy(Transform.HOUR).read(image("placed_at", TestOrders.n("2026112507"))))
                .isEqualTo(new ImageReading.Invalid("placed_at must be a string (S), got N"));
    }

    @Test
    void everyBucketIsTheTextAsWrittenNotConvertedToUtc() {
        // 23:30 at UTC-5 is 04:30 the next day, and the next month, in UTC: the order still counts where it says.
        String placedAt = "2026-11-30T23:30:00-05:00";

        assertThat(read(Transform.DATE, placedAt)).isEqualTo(inBucket("2026-11-30"));
        assertThat(read(Transform.MONTH, placedAt)).isEqualTo(inBucket("2026-11"));
        assertThat(read(Transform.YEAR, "2026-12-31T23:30:00-05:00")).isEqualTo(inBucket("2026"));
        assertThat(read(Transform.HOUR, placedAt)).isEqualTo(inBucket("2026-11-30T23"));
    }

    @Test
    void hourOfATimestampWithAnOffsetRightAfterTheHourIsThatHour() {
        assertThat(read(Transform.HOUR, "2026-11-25T07Z")).isEqualTo(inBucket("2026-11-25T07"));
        assertThat(read(Transform.HOUR, "2026-11-25T07+05:00")).isEqualTo(inBucket("2026-11-25T07"));
    }
}
