package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import dev.ordertotals.infra.OrderTotalsSettings.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Declarations the synth refuses, before anything is built, with a message that says where they came from (context
 * {@code aggregations}, or the construct's props), which aggregation, and which field.
 */
class DeclaredAggregationsTest {

    private static final String CONTEXT = "context 'aggregations': ";

    @Test
    void anUnknownTransformFailsNamingTheAggregationAndTheKey() {
        assertRefused(
                List.of(declaration(
                        "weekly_orders",
                        "WeeklyOrders",
                        List.of(Map.of("attribute", "week", "from", "order_date", "transform", "week")))),
                "aggregation 'weekly_orders': groupBy[0].transform: unknown transform 'week' (one of value, date,"
                        + " month, year, hour)");
    }

    @Test
    void twoAggregationsKeyingOneTableDifferentlyFailNamingBoth() {
        assertRefused(
                List.of(
                        declaration("monthly", "Monthly", List.of(Map.of("attribute", "month"))),
                        declaration("monthly_per_item", "Monthly", List.of(Map.of("attribute", "item_number")))),
                "aggregation 'monthly_per_item': groupBy keys [item_number] clash with aggregation 'monthly' on the same"
                        + " table 'Monthly', keyed by [month]");
    }

    @Test
    void anAggregationIntoTotalsWithOtherKeysFails() {
        assertRefused(
                List.of(declaration(
                        "monthly_item_quantity",
                        "totals",
                        List.of(
                                Map.of("attribute", "month", "from", "order_date", "transform", "month"),
                                Map.of("attribute", "item_number", "from", "item_id")))),
                "aggregation 'monthly_item_quantity': groupBy keys [month, item_number] clash with aggregation"
                        + " 'daily_item_quantity' on the same table 'totals', keyed by [order_date, item_number]");
    }

    @Test
    void anAggregationIntoTotalsMayNotAddIntoTheDefaultQuantity() {
        Map<String, Object> intoQuantity = Map.of(
                "name",
                "paid_quantity",
                "table",
                "totals",
                "groupBy",
                List.of(
                        Map.of("attribute", "order_date", "transform", "date"),
                        Map.of("attribute", "item_number", "from", "item_id")),
                "measures",
                List.of(Map.of("attribute", "quantity", "sum", "quantity")));
        assertRefused(
                List.of(intoQuantity),
                "aggregation 'paid_quantity': measure 'quantity' clashes with aggregation 'daily_item_quantity'");
    }

    @Test
    void theDefaultAggregationsNameIsTaken() {
        assertRefused(
                List.of(declaration("daily_item_quantity", "Daily", List.of(Map.of("attribute", "order_date")))),
                "aggregation 'daily_item_quantity': name is declared twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Monthly-Totals", "Monthly Totals", "2026Totals", "monthly/totals", "Ünicode"})
    void aLabelThatIsNotAConstructIdFails(String label) {
        assertRefused(
                List.of(declaration("monthly", label, List.of(Map.of("attribute", "month")))),
                "aggregation 'monthly': table: label '" + label + "' is not a table label: 1 to 64 letters and digits,"
                        + " starting with a letter");
    }

    @Test
    void aLabelOfMoreThan64CharactersFails() {
        String label = "T" + "x".repeat(64);
        assertRefused(
                List.of(declaration("monthly", label, List.of(Map.of("attribute", "month")))),
                "aggregation 'monthly': table: label '" + label + "' is not a table label");
    }

    @ParameterizedTest
    @ValueSource(strings = {"OrdersTable", "AggregatorFunction", "Default", "Orders", "state", "LEDGER"})
    void aLabelThePipelineUsesFails(String label) {
        assertRefused(
                List.of(declaration("monthly", label, List.of(Map.of("attribute", "month")))),
                "aggregation 'monthly': table: label '" + label + "' is reserved");
    }

    @Test
    void totalsInAnotherCaseIsNotTheDefaultTable() {
        assertRefused(
                List.of(declaration("monthly", "Totals", List.of(Map.of("attribute", "month")))),
                "aggregation 'monthly': table: label 'Totals' is reserved: 'totals' (lower case) is the default totals"
                        + " table");
    }

    @Test
    void twoLabelsThatDifferOnlyInCaseFail() {
        // Distinct construct ids, but outputs MonthlyTableName and monthlyTableName would be one name to a reader.
        assertRefused(
                List.of(
                        declaration("monthly", "Monthly", List.of(Map.of("attribute", "month"))),
                        declaration("monthly_orders", "monthly", List.of(Map.of("attribute", "month")))),
                "aggregation 'monthly_orders': table: label 'monthly' differs from the label 'Monthly' of aggregation"
                        + " 'monthly' only in case");
    }

    @Test
    void everyConstructOfThePipelineIsAReservedLabel() {
        // A label is the new table's construct id beside these: each one must be refused, not clash in the tree.
        List<String> ids = SynthesizedStack.deployedStack().stack().exactAggregations().getNode().getChildren().stream()
                .map(child -> child.getNode().getId())
                .toList();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(7);
        for (String id : ids) {
            assertThatThrownBy(() -> DeclaredAggregations.check(List.of(typed("monthly", id)), "OrderTotals"))
                    .as(id)
                    .hasMessageContaining("label '" + id + "' is reserved");
        }
    }

    @Test
    void moreThanTheFunctionsEnvironmentCarriesFailsNamingTheFirstAggregationThatDoesNotFit() {
        List<Map<String, Object>> many = new ArrayList<>();
        IntStream.range(0, 12)
                .forEach(index -> many.add(declaration(
                        "orders_" + index,
                        "Orders" + index,
                        List.of(Map.of("attribute", "order_date", "transform", "date")))));
        int fitting = fitting(many);
        assertThat(fitting).isBetween(1, 11);

        assertRefused(
                many,
                "aggregation 'orders_" + fitting + "': the function's environment would take about ",
                " bytes with it (variable AGGREGATIONS holds every aggregation, each table name counted at its longest,"
                        + " 255 characters); Lambda allows 4096 bytes in all");
        // One fewer fits.
        assertThat(SynthesizedStack.build(Map.of(Keys.AGGREGATIONS, many.subList(0, fitting)))
                        .exactAggregations()
                        .declaredTables())
                .hasSize(fitting);
    }

    @Test
    void aJsonStringThatDoesNotParseFails() {
        assertThatThrownBy(() -> SynthesizedStack.build(Map.of(Keys.AGGREGATIONS, "[{\"name\": ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(CONTEXT + "not JSON: ");
    }

    @Test
    void anObjectInsteadOfAListFails() {
        assertThatThrownBy(() -> SynthesizedStack.build(Map.of(Keys.AGGREGATIONS, Map.of("name", "monthly"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(CONTEXT + "aggregations: expected a list of aggregations, got an object");
    }

    @Test
    void anUnknownFieldFailsNamingIt() {
        Map<String, Object> typo =
                new HashMap<>(declaration("monthly", "Monthly", List.of(Map.of("attribute", "month"))));
        typo.put("groupby", List.of());
        assertRefused(List.of(typo), "aggregation 'monthly': unknown field 'groupby'");
    }

    @Test
    void anEmptyStringFromTheCommandLineDeclaresNothing() {
        // `-c aggregations=` switches declarations in cdk.json off, as for alarmEmail.
        assertThat(SynthesizedStack.build(Map.of(Keys.AGGREGATIONS, ""))
                        .exactAggregations()
                        .aggregations())
                .hasSize(1);
    }

    @Test
    void cdkJsonDeclaresNothing() {
        assertThat(SynthesizedStack.cdkJsonContext()).containsEntry(Keys.AGGREGATIONS, List.of());
    }

    @Test
    void typedPropsAreCheckedAlikeNamingTheConstruct() {
        OrderTotalsSettings settings = ExactAggregationsSpecTest.settings();
        assertThatThrownBy(() -> ExactAggregationsProps.builder()
                        .settings(settings)
                        .aggregations(List.of(typed("monthly", "Monthly-Totals")))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ExactAggregations: aggregation 'monthly': table: label 'Monthly-Totals' is not"
                        + " a table label");
    }

    @Test
    void typedPropsDeclareTablesInAnotherApp() {
        Stack stack = new Stack(new App(), "Shop");
        ExactAggregations aggregations = new ExactAggregations(
                stack,
                "OrderTotals",
                ExactAggregationsProps.builder()
                        .settings(ExactAggregationsSpecTest.settings())
                        .aggregations(List.of(typed("monthly", "Monthly")))
                        .build());

        IConstruct monthly = aggregations.declaredTables().get("Monthly");
        assertThat(monthly.getNode().getPath()).isEqualTo("Shop/OrderTotals/Monthly");
        assertThat(aggregations.aggregations()).extracting(Aggregation::table).containsExactly("totals", "Monthly");
    }

    /** How many of {@code declarations}, from the first, the environment carries. */
    private static int fitting(List<Map<String, Object>> declarations) {
        int count = 0;
        while (count < declarations.size()) {
            try {
                DeclaredAggregations.check(
                        AggregationDeclarations.fromPlain(declarations.subList(0, count + 1)),
                        Contract.DEFAULT_METRICS_NAMESPACE);
            } catch (IllegalArgumentException tooMany) {
                return count;
            }
            count++;
        }
        return count;
    }

    private static Aggregation typed(String name, String table) {
        return new Aggregation(
                name,
                table,
                List.of(new GroupKey("month", "order_date", Transform.MONTH)),
                List.of(new Measure.Count("orders")),
                Optional.empty());
    }

    private static Map<String, Object> declaration(String name, String table, List<Map<String, Object>> groupBy) {
        return Map.of(
                "name", name,
                "table", table,
                "groupBy", groupBy,
                "measures", List.of(Map.of("attribute", "orders", "count", true)));
    }

    /** Refused from cdk.json's form and from the JSON string of {@code -c}, with the same message. */
    private static void assertRefused(List<Map<String, Object>> declarations, String... messageParts) {
        for (Object value : List.of(declarations, ContextOverrides.asJson(declarations))) {
            var refusal = assertThatThrownBy(() -> SynthesizedStack.build(Map.of(Keys.AGGREGATIONS, value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(CONTEXT + messageParts[0]);
            for (String part : messageParts) {
                refusal.hasMessageContaining(part);
            }
        }
    }
}
