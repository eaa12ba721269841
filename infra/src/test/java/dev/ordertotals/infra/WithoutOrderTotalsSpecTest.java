package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;

/**
 * {@link ExactAggregationsProps#keepOrderTotals() keepOrderTotals(false)}: on a source table that holds no orders, the
 * construct keeps only the declared aggregations, with no default totals table, aggregation or {@code tabla_totales}.
 * (The order app keeps them: its template is pinned by the other specs.)
 */
class WithoutOrderTotalsSpecTest {

    private static final Aggregation CLICKS = new Aggregation(
            "clicks_per_day",
            "Clicks",
            List.of(new GroupKey("day", "clicked_at", Transform.DATE)),
            List.of(new Measure.Count("clicks")),
            Optional.empty());

    private static ExactAggregations construct;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        Stack stack = newStack();
        construct = new ExactAggregations(
                stack, "Clicks", props(stack, List.of(CLICKS)).build());
        template = Template.fromStack(stack);
    }

    @Test
    void theTablesAreTheSourceTheDeclaredOneAndTheLedgerOnly() {
        assertThat(template.findResources("AWS::DynamoDB::Table")).hasSize(3);
        assertThat(construct.declaredTables()).containsOnlyKeys("Clicks");
        assertThat(construct.keepsOrderTotals()).isFalse();
    }

    @Test
    void theFunctionKeepsOnlyTheDeclaredAggregations() {
        assertThat(construct.aggregations()).containsExactly(CLICKS);
    }

    @Test
    void theFunctionIsNotToldOfAnOrderTotalsTable() {
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        Contract.ENV_TOTALS_TABLE,
                                        Match.absent(),
                                        "AGGREGATIONS",
                                        Match.anyValue())))));
    }

    @Test
    void askingForTheDefaultTotalsTableFailsSayingWhy() {
        assertThatThrownBy(construct::totals)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keeps no order totals (keepOrderTotals(false))");
        assertThatThrownBy(() -> construct.totalsTable("totals"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no totals table is labelled 'totals'");
    }

    @Test
    void nothingDeclaredIsRefused() {
        assertThatThrownBy(() -> props(newStack(), List.of()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ExactAggregations: keepOrderTotals(false) keeps only the declared aggregations, and none"
                        + " is declared: declare at least one");
    }

    @Test
    void anAggregationIntoTheLeftOutTotalsTableIsRefusedNamingIt() {
        assertThatThrownBy(() ->
                        props(newStack(), List.of(CLICKS.withTable("totals"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ExactAggregations: aggregation 'clicks_per_day': table: label 'totals' is the"
                        + " default totals table, which keepOrderTotals(false) leaves out");
    }

    private static ExactAggregationsProps.Builder props(Stack scope, List<Aggregation> aggregations) {
        return ExactAggregationsProps.builder()
                .settings(ExactAggregationsSpecTest.settings())
                .ordersTable(clicksTable(scope))
                .aggregations(aggregations)
                .keepOrderTotals(false);
    }

    private static Stack newStack() {
        return new Stack(new App(), "Stack");
    }

    private static Table clicksTable(Stack scope) {
        return Table.Builder.create(scope, "ClicksSource")
                .partitionKey(Attribute.builder()
                        .name("click_id")
                        .type(AttributeType.STRING)
                        .build())
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .build();
    }
}
