package dev.ordertotals.aggregation;

import static dev.ordertotals.aggregation.TestOrders.contribution;
import static dev.ordertotals.aggregation.TestOrders.dailyItem;
import static dev.ordertotals.aggregation.TestOrders.part;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Contribution#digest()}: what a write's condition compares instead of the whole contribution. */
class ContributionDigestTest {

    private static Contribution reference() {
        return contribution(
                "daily_item_quantity", dailyItem("2026-11-25", "a", 3),
                "monthly_item_figures", part(List.of("2026-11", "a"), "orders", 1, "revenue", 40));
    }

    @Test
    void equalContributionsHaveEqualDigests() {
        // Built separately, parts and measures given in another order.
        Map<String, Long> measures = new LinkedHashMap<>();
        measures.put("revenue", 40L);
        measures.put("orders", 1L);
        Map<String, Contribution.Part> parts = new LinkedHashMap<>();
        parts.put("monthly_item_figures", Contribution.Part.of(List.of("2026-11", "a"), measures));
        parts.put("daily_item_quantity", Contribution.Part.of(List.of("2026-11-25", "a"), Map.of("quantity", 3L)));
        Contribution same = new Contribution(new TreeMap<>(parts));

        assertThat(same).isEqualTo(reference());
        assertThat(same.digest()).isEqualTo(reference().digest());
    }

    @Test
    void equalContributionsHaveEqualDigestsWhateverTheOrderOfTheMapsTheyWereGiven() {
        TreeMap<String, Contribution.Part> parts = new TreeMap<>(Comparator.reverseOrder());
        parts.putAll(reference().parts());
        Contribution same = new Contribution(parts);

        assertThat(same).isEqualTo(reference());
        assertThat(same.digest()).isEqualTo(reference().digest());
    }

    static Stream<Arguments> differentContributions() {
        return Stream.of(
                Arguments.of(
                        "a key value",
                        contribution(
                                "daily_item_quantity", dailyItem("2026-11-26", "a", 3),
                                "monthly_item_figures", part(List.of("2026-11", "a"), "orders", 1, "revenue", 40))),
                Arguments.of(
                        "the last key value",
                        contribution(
                                "daily_item_quantity", dailyItem("2026-11-25", "a", 3),
                                "monthly_item_figures", part(List.of("2026-11", "b"), "orders", 1, "revenue", 40))),
                Arguments.of(
                        "where one key value ends and the next starts",
                        contribution(
                                "daily_item_quantity", dailyItem("2026-11-25", "a", 3),
                                "monthly_item_figures", part(List.of("2026-11a", ""), "orders", 1, "revenue", 40))),
                Arguments.of(
                        "a measure's value",
                        contribution(
                                "daily_item_quantity", dailyItem("2026-11-25", "a", 3),
                                "monthly_item_figures", part(List.of("2026-11", "a"), "orders", 1, "revenue", 41))),
                Arguments.of(
                        "a measure's sign",
                        contribution(
                                "daily_item_quantity", dailyItem("2026-11-25", "a", -3),
                                "monthly_item_figures", part(List.of("2026-11", "a"), "orders", 1, "revenue", 40))),
                Arguments.of(
                        "a measure's name",
                        contribution(
                                "daily_item_quantity", part(List.of("2026-11-25", "a"), "units", 3),
                                "monthly_item_figures", part(List.of("2026-11", "a"), "orders", 1, "revenue", 40))),
                Arguments.of(
                        "a measure more",
                        contribution(
                                "daily_item_quantity", part(List.of("2026-11-25", "a"), "quantity", 3, "orders", 1),
                                "monthly_item_figures", part(List.of("2026-11", "a"), "orders", 1, "revenue", 40))),
                Arguments.of(
                        "an aggregation's name",
                        contribution(
                                "daily_item_units", dailyItem("2026-11-25", "a", 3),
                                "monthly_item_figures", part(List.of("2026-11", "a"), "orders", 1, "revenue", 40))),
                Arguments.of(
                        "which aggregation holds which part",
                        contribution(
                                "monthly_item_figures", dailyItem("2026-11-25", "a", 3),
                                "daily_item_quantity", part(List.of("2026-11", "a"), "orders", 1, "revenue", 40))),
                Arguments.of("a part less", contribution("daily_item_quantity", dailyItem("2026-11-25", "a", 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differentContributions")
    void contributionsThatDifferInAnythingHaveDifferentDigests(String difference, Contribution other) {
        assertThat(other).isNotEqualTo(reference());
        assertThat(other.digest()).isNotEqualTo(reference().digest());
    }

    @Test
    void noContributionHasTheEmptyDigest() {
        assertThat(Contribution.NONE.digest()).isEmpty();
        assertThat(new Contribution(new TreeMap<>()).digest()).isEmpty();
    }

    @Test
    void aDigestIs22UrlSafeCharacters() {
        assertThat(reference().digest()).hasSize(22).matches("[A-Za-z0-9_-]{22}");
        assertThat(contribution("x", part(List.of(""), "m", 0)).digest()).hasSize(22);
    }
}
