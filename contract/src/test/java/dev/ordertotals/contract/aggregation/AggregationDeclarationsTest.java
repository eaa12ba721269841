package dev.ordertotals.contract.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AggregationDeclarationsTest {

    /** The class documentation's example, as JSON or CDK context hands it over. */
    private static Map<String, Object> monthly() {
        return object(
                "name", "monthly_item_quantity",
                "table", "MonthlyTotals",
                "groupBy",
                        list(
                                object("attribute", "month", "from", "order_date", "transform", "month"),
                                object("attribute", "item_number", "from", "item_id")),
                "measures",
                        list(
                                object("attribute", "quantity", "sum", "quantity"),
                                object("attribute", "orders", "count", true)),
                "filter", object("attribute", "status", "equals", "paid"));
    }

    private static final Aggregation MONTHLY = new Aggregation(
            "monthly_item_quantity",
            "MonthlyTotals",
            List.of(
                    new GroupKey("month", "order_date", Transform.MONTH),
                    new GroupKey("item_number", "item_id", Transform.VALUE)),
            List.of(new Measure.Sum("quantity", "quantity"), new Measure.Count("orders")),
            Optional.of(new Filter.EqualsText("status", "paid")));

    /** A valid declaration named {@code name} on {@code table}, keyed by {@code day}, summing into {@code measure}. */
    private static Map<String, Object> daily(String name, String table, String measure) {
        return object(
                "name",
                name,
                "table",
                table,
                "groupBy",
                list(object("attribute", "day", "from", "order_date", "transform", "date")),
                "measures",
                list(object("attribute", measure, "sum", "quantity")));
    }

    private static Map<String, Object> daily(String name) {
        return daily(name, "DailyTotals", "quantity");
    }

    /** A mutable map (tests change fields), in the given order; values may be null. */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            object.put((String) keysAndValues[index], keysAndValues[index + 1]);
        }
        return object;
    }

    /** A mutable list; items may be null. */
    private static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> declaration, String listField, int index) {
        return (Map<String, Object>) ((List<Object>) declaration.get(listField)).get(index);
    }

    private static ThrowableAssertAlternative<IllegalArgumentException> refusing(Object declarations) {
        return assertThatIllegalArgumentException().isThrownBy(() -> AggregationDeclarations.fromPlain(declarations));
    }

    private static Filter filterOf(Map<String, Object> declaration) {
        return AggregationDeclarations.fromPlain(list(declaration))
                .getFirst()
                .filter()
                .orElseThrow();
    }

    // Reading and writing back

    @Test
    void readsAFullDeclarationAsDocumented() {
        assertThat(AggregationDeclarations.fromPlain(list(monthly()))).containsExactly(MONTHLY);
    }

    @Test
    void fullDeclarationRoundTrips() {
        List<Aggregation> declared = List.of(
                MONTHLY,
                new Aggregation(
                        "hourly_paid",
                        "HourlyTotals",
                        List.of(new GroupKey("hour", "order_date", Transform.HOUR)),
                        List.of(new Measure.Count("orders")),
                        Optional.of(new Filter.Exists("paid_at"))),
                new Aggregation(
                        "yearly_big",
                        "YearlyTotals",
                        List.of(
                                new GroupKey("year", "order_date", Transform.YEAR),
                                new GroupKey("day", "order_date", Transform.DATE)),
                        List.of(new Measure.Sum("quantity", "quantity")),
                        Optional.of(new Filter.EqualsNumber("priority", new BigDecimal("1.50")))));

        assertThat(AggregationDeclarations.fromPlain(AggregationDeclarations.toPlain(declared)))
                .isEqualTo(declared);
    }

    @Test
    void defaultOrderTotalsRoundTrips() {
        List<Aggregation> declared = List.of(Aggregation.orderTotals("t"));

        assertThat(AggregationDeclarations.fromPlain(AggregationDeclarations.toPlain(declared)))
                .isEqualTo(declared);
    }

    @Test
    void toPlainWritesFromAndTransformExplicitly() {
        assertThat(AggregationDeclarations.toPlain(List.of(Aggregation.orderTotals("t"))))
                .containsExactly(object(
                        "name",
                        Aggregation.ORDER_TOTALS,
                        "table",
                        "t",
                        "groupBy",
                        List.of(
                                object("attribute", "order_date", "from", "order_date", "transform", "date"),
                                object("attribute", "item_number", "from", "item_id", "transform", "value")),
                        "measures",
                        List.of(object("attribute", "quantity", "sum", "quantity"))));
    }

    @Test
    void anEmptyListDeclaresNoAggregations() {
        assertThat(AggregationDeclarations.fromPlain(List.of())).isEmpty();
    }

    @Test
    void fromDefaultsToTheKeyAttribute() {
        Map<String, Object> declaration = monthly();
        field(declaration, "groupBy", 1).remove("from");

        assertThat(AggregationDeclarations.fromPlain(list(declaration))
                        .getFirst()
                        .groupBy()
                        .get(1))
                .isEqualTo(new GroupKey("item_number", "item_number", Transform.VALUE));
    }

    @Test
    void transformDefaultsToValue() {
        Map<String, Object> declaration = monthly();
        field(declaration, "groupBy", 0).remove("transform");

        assertThat(AggregationDeclarations.fromPlain(list(declaration))
                        .getFirst()
                        .groupBy()
                        .getFirst())
                .isEqualTo(new GroupKey("month", "order_date", Transform.VALUE));
    }

    @Test
    void aDeclarationWithoutFilterCountsEveryOrder() {
        Map<String, Object> declaration = monthly();
        declaration.remove("filter");

        assertThat(AggregationDeclarations.fromPlain(list(declaration))
                        .getFirst()
                        .filter())
                .isEmpty();
    }

    @Test
    void filterExistsTrueIsAnExistsFilter() {
        Map<String, Object> declaration = monthly();
        declaration.put("filter", object("attribute", "paid_at", "exists", true));

        assertThat(filterOf(declaration)).isEqualTo(new Filter.Exists("paid_at"));
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of(7, new BigDecimal("7")),
                Arguments.of(10_000_000_000L, new BigDecimal("10000000000")),
                Arguments.of(2.5d, new BigDecimal("2.5")),
                Arguments.of(new BigDecimal("1.50"), new BigDecimal("1.50")));
    }

    @ParameterizedTest
    @MethodSource("numbers")
    void aNumberInEqualsIsAnEqualsNumberFilter(Number declared, BigDecimal expected) {
        Map<String, Object> declaration = monthly();
        declaration.put("filter", object("attribute", "priority", "equals", declared));

        assertThat(filterOf(declaration)).isEqualTo(new Filter.EqualsNumber("priority", expected));
    }

    @Test
    void twoAggregationsSharingATableWithTheSameKeysAndDistinctMeasuresAreAccepted() {
        List<Aggregation> aggregations = AggregationDeclarations.fromPlain(
                list(daily("a", "DailyTotals", "quantity"), daily("b", "DailyTotals", "paid_quantity")));

        assertThat(aggregations).extracting(Aggregation::name).containsExactly("a", "b");
    }

    @Test
    void aKeyAttributeOf255Utf8BytesIsAccepted() {
        Map<String, Object> declaration = monthly();
        field(declaration, "groupBy", 0).put("attribute", "é".repeat(127) + "x");

        assertThat(AggregationDeclarations.fromPlain(list(declaration))).hasSize(1);
    }

    @Test
    void checkAcceptsTheDefaultAggregation() {
        assertThatNoException().isThrownBy(() -> AggregationDeclarations.check(List.of(Aggregation.orderTotals("t"))));
    }

    // Refusals: each names the aggregation (its index when it has no name) and the field

    @Test
    void refusesDeclarationsThatAreNotAList() {
        refusing(monthly())
                .withMessageStartingWith("aggregations: expected a list")
                .withMessageContaining("an object");
    }

    @Test
    void refusesAnAggregationThatIsNotAnObject() {
        refusing(list(daily("a"), "daily")).withMessageStartingWith("aggregations[1]: expected an object");
    }

    @Test
    void refusesAMissingNameNamingTheIndex() {
        Map<String, Object> nameless = daily("b");
        nameless.remove("name");

        refusing(list(daily("a"), nameless))
                .withMessageStartingWith("aggregations[1]: name must be a non-empty string");
    }

    @Test
    void refusesAnEmptyNameNamingTheIndex() {
        refusing(list(daily("a"), daily("")))
                .withMessageStartingWith("aggregations[1]: name must be a non-empty string");
    }

    @Test
    void refusesANameThatIsNotAStringNamingTheIndex() {
        Map<String, Object> declaration = daily("b");
        declaration.put("name", 5);

        refusing(list(daily("a"), declaration))
                .withMessageStartingWith("aggregations[1]: name must be a non-empty string")
                .withMessageContaining("the number 5");
    }

    @Test
    void refusesANameWithCharactersOutsideLettersDigitsUnderscoreDotDash() {
        refusing(list(daily("daily item"))).withMessageStartingWith("aggregation 'daily item': name must be");
    }

    @Test
    void refusesANameLongerThan64Characters() {
        String name = "a".repeat(65);

        refusing(list(daily(name))).withMessageStartingWith("aggregation '" + name + "': name must be 1 to 64");
    }

    @Test
    void refusesDuplicateNames() {
        refusing(list(daily("a", "DailyTotals", "quantity"), daily("a", "OtherTotals", "quantity")))
                .withMessage("aggregation 'a': name is declared twice");
    }

    @Test
    void refusesAMissingTable() {
        Map<String, Object> declaration = daily("a");
        declaration.remove("table");

        refusing(list(declaration)).withMessageStartingWith("aggregation 'a': table must be a non-empty string");
    }

    @Test
    void refusesAnUnknownTransformListingTheKnownOnes() {
        Map<String, Object> declaration = monthly();
        field(declaration, "groupBy", 0).put("transform", "week");

        refusing(list(declaration))
                .withMessageStartingWith(
                        "aggregation 'monthly_item_quantity': groupBy[0].transform: unknown transform 'week'")
                .withMessageContaining("value, date, month, year, hour");
    }

    @Test
    void refusesNoGroupByKeys() {
        Map<String, Object> declaration = daily("a");
        declaration.put("groupBy", list());

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'a': groupBy must have 1 or 2 keys")
                .withMessageEndingWith("has 0");
    }

    @Test
    void refusesThreeGroupByKeys() {
        Map<String, Object> declaration = monthly();
        declaration.put(
                "groupBy",
                list(
                        object("attribute", "month", "from", "order_date", "transform", "month"),
                        object("attribute", "item_number", "from", "item_id"),
                        object("attribute", "status")));

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': groupBy must have 1 or 2 keys")
                .withMessageEndingWith("has 3");
    }

    @Test
    void refusesAKeyAttributeOver255Utf8Bytes() {
        Map<String, Object> declaration = monthly();
        // 128 characters, 256 bytes in UTF-8.
        field(declaration, "groupBy", 1).put("attribute", "é".repeat(128));

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': groupBy[1].attribute:")
                .withMessageContaining("255 bytes");
    }

    @Test
    void refusesAKeyAttributeUsedTwice() {
        Map<String, Object> declaration = monthly();
        field(declaration, "groupBy", 1).put("attribute", "month");

        refusing(list(declaration))
                .withMessage("aggregation 'monthly_item_quantity': groupBy[1].attribute: 'month' is used twice");
    }

    @Test
    void refusesNoMeasures() {
        Map<String, Object> declaration = daily("a");
        declaration.put("measures", list());

        refusing(list(declaration)).withMessageStartingWith("aggregation 'a': measures: at least one");
    }

    @Test
    void refusesAMeasureThatIsBothSumAndCount() {
        Map<String, Object> declaration = monthly();
        field(declaration, "measures", 1).put("sum", "quantity");

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': measures[1]: a measure is either")
                .withMessageContaining("\"sum\"")
                .withMessageContaining("\"count\"");
    }

    @Test
    void refusesAMeasureThatIsNeitherSumNorCount() {
        Map<String, Object> declaration = monthly();
        field(declaration, "measures", 1).remove("count");

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': measures[1]: a measure is either");
    }

    @Test
    void refusesACountThatIsNotTrue() {
        Map<String, Object> declaration = monthly();
        field(declaration, "measures", 1).put("count", false);

        refusing(list(declaration)).withMessage("aggregation 'monthly_item_quantity': measures[1].count: must be true");
    }

    @Test
    void refusesAMeasureNamedLikeAKey() {
        Map<String, Object> declaration = monthly();
        field(declaration, "measures", 0).put("attribute", "item_number");

        refusing(list(declaration))
                .withMessageStartingWith(
                        "aggregation 'monthly_item_quantity': measures[0].attribute: 'item_number' is already a key");
    }

    @Test
    void refusesAnUnknownFieldOfAnAggregation() {
        Map<String, Object> declaration = monthly();
        declaration.put("where", "status = paid");

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': unknown field 'where'")
                .withMessageContaining("filter, groupBy, measures, name, table");
    }

    @Test
    void refusesAnUnknownFieldOfAGroupByKey() {
        Map<String, Object> declaration = monthly();
        field(declaration, "groupBy", 1).put("type", "S");

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': groupBy[1]: unknown field 'type'");
    }

    @Test
    void refusesAnUnknownFieldOfAMeasure() {
        Map<String, Object> declaration = monthly();
        field(declaration, "measures", 0).put("average", "quantity");

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': measures[0]: unknown field 'average'");
    }

    @Test
    void refusesAnUnknownFieldOfAFilter() {
        Map<String, Object> declaration = monthly();
        declaration.put("filter", object("attribute", "status", "equals", "paid", "not", true));

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': filter: unknown field 'not'");
    }

    @Test
    void refusesAFilterThatIsBothExistsAndEquals() {
        Map<String, Object> declaration = monthly();
        declaration.put("filter", object("attribute", "status", "exists", true, "equals", "paid"));

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': filter: a filter is either");
    }

    @Test
    void refusesAFilterThatIsNeitherExistsNorEquals() {
        Map<String, Object> declaration = monthly();
        declaration.put("filter", object("attribute", "status"));

        refusing(list(declaration))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': filter: a filter is either");
    }

    @Test
    void refusesEqualsOfABoolean() {
        Map<String, Object> declaration = monthly();
        declaration.put("filter", object("attribute", "paid", "equals", true));

        refusing(list(declaration))
                .withMessage("aggregation 'monthly_item_quantity': filter.equals: must be a string or a number,"
                        + " got true");
    }

    @Test
    void refusesEqualsOfNull() {
        Map<String, Object> declaration = monthly();
        declaration.put("filter", object("attribute", "paid", "equals", null));

        refusing(list(declaration))
                .withMessage("aggregation 'monthly_item_quantity': filter.equals: must be a string or a number,"
                        + " got nothing");
    }

    @Test
    void refusesTwoAggregationsOnOneTableWithDifferentKeys() {
        Map<String, Object> byMonth = monthly();
        byMonth.put("table", "DailyTotals");

        refusing(list(daily("a"), byMonth))
                .withMessageStartingWith("aggregation 'monthly_item_quantity': groupBy keys [month, item_number]")
                .withMessageContaining("aggregation 'a'")
                .withMessageContaining("table 'DailyTotals'");
    }

    @Test
    void refusesTwoAggregationsAddingToTheSameMeasureAttributeOfOneTable() {
        refusing(list(daily("a", "DailyTotals", "quantity"), daily("b", "DailyTotals", "quantity")))
                .withMessage("aggregation 'b': measure 'quantity' clashes with aggregation 'a', which adds into the"
                        + " same attribute of table 'DailyTotals'");
    }

    @Test
    void checkRefusesATypedKeyWithoutTransform() {
        Aggregation typed = new Aggregation(
                "typed",
                "t",
                List.of(new GroupKey("day", "order_date", null)),
                List.of(new Measure.Count("orders")),
                Optional.empty());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AggregationDeclarations.check(List.of(typed)))
                .withMessage("aggregation 'typed': groupBy[0].transform: missing");
    }
}
