package dev.ordertotals.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.aggregation.FieldValue.Number;
import dev.ordertotals.aggregation.FieldValue.Text;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AggregationTest {

    private static final TotalKey DAY1_A = new TotalKey(LocalDate.of(2026, 11, 24), "itemA");
    private static final TotalKey DAY2_A = new TotalKey(LocalDate.of(2026, 11, 25), "itemA");
    private static final TotalKey DAY2_B = new TotalKey(LocalDate.of(2026, 11, 25), "itemB");

    private static OrderImage order(String date, String item, String quantity) {
        return new OrderImage(new Text(date + "T09:30:00Z"), new Text(item), new Number(quantity));
    }

    private static ChangeRecord change(OrderImage oldImage, OrderImage newImage) {
        return new ChangeRecord("event-1", "100", oldImage, newImage);
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
                        new OrderImage(new Text("2026-11-25T23:00:00Z"), new Text("itemA"), new Number("10")),
                        Map.of()),
                Arguments.of(
                        "MODIFY that adds the missing quantity adds it",
                        new OrderImage(new Text("2026-11-25"), new Text("itemA"), null),
                        order("2026-11-25", "itemA", "3"),
                        Map.of(DAY2_A, 3L)),
                Arguments.of(
                        "INSERT of a non-order adds nothing",
                        null,
                        new OrderImage(null, new Text("itemA"), new Number("3")),
                        Map.of()),
                Arguments.of("INSERT of quantity 0 adds nothing", null, order("2026-11-25", "itemA", "0"), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void appliesTheSourceDocumentsArithmetic(
            String name, OrderImage oldImage, OrderImage newImage, Map<TotalKey, Long> expected) {
        RecordEffect effect = Aggregation.effectOf(change(oldImage, newImage));

        assertThat(effect.deltas()).isEqualTo(expected);
        assertThat(effect.quarantineReason()).isEmpty();
        assertThat(effect.needsCommit()).isEqualTo(!expected.isEmpty());
    }

    @Test
    void modifyFromValidToMalformedSubtractsTheOldAndQuarantines() {
        RecordEffect effect =
                Aggregation.effectOf(change(order("2026-11-25", "itemA", "10"), order("2026-11-25", "itemA", "2.5")));

        assertThat(effect.deltas()).isEqualTo(Map.of(DAY2_A, -10L));
        assertThat(effect.quarantineReason()).contains("NewImage: quantity 2.5 is not an integer");
    }

    @Test
    void modifyFromMalformedToValidAddsTheNewWithoutQuarantiningTheFix() {
        RecordEffect effect = Aggregation.effectOf(change(
                new OrderImage(new Text("yesterday"), new Text("itemA"), new Number("10")),
                order("2026-11-25", "itemA", "10")));

        assertThat(effect.deltas()).isEqualTo(Map.of(DAY2_A, 10L));
        assertThat(effect.quarantineReason())
                .as("the malformed image was quarantined when it was written")
                .isEmpty();
    }

    @Test
    void deletingAMalformedOrderChangesNothingAndIsNotQuarantined() {
        RecordEffect effect = Aggregation.effectOf(change(order("2026-11-25", "itemA", "2.5"), null));

        assertThat(effect.deltas()).isEmpty();
        assertThat(effect.needsCommit()).isFalse();
    }

    @Test
    void malformedInsertChangesNoTotalButMustBeCommittedToTheQuarantine() {
        RecordEffect effect = Aggregation.effectOf(
                change(null, new OrderImage(new Text("2026-11-25"), new Text("itemA"), new Text("abc"))));

        assertThat(effect.deltas()).isEmpty();
        assertThat(effect.quarantined()).isTrue();
        assertThat(effect.needsCommit()).isTrue();
    }

    @Test
    void sumAddsDeltasPerKeyAndDropsZeroSums() {
        List<RecordEffect> effects = List.of(
                new RecordEffect(change(null, null), Map.of(DAY2_A, 10L, DAY2_B, 5L), Optional.empty()),
                new RecordEffect(change(null, null), Map.of(DAY2_A, 30L), Optional.empty()),
                new RecordEffect(change(null, null), Map.of(DAY2_B, -5L, DAY1_A, -1L), Optional.empty()));

        assertThat(Aggregation.sum(effects))
                .containsExactly(Map.entry(DAY1_A, BigInteger.valueOf(-1)), Map.entry(DAY2_A, BigInteger.valueOf(40)));
    }
}
