package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import dev.ordertotals.infra.OrderTotalsSettings.Keys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableAttributes;

/**
 * {@link ExactAggregations} is the whole pipeline as one construct: the stack holds it under the id {@code Default}
 * (so the deployed resources keep their logical ids), and another app can put it on an orders table of its own.
 */
class ExactAggregationsSpecTest {

    private static Synthesized deployed;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
    }

    @Test
    void theStackHoldsTheConstructUnderTheIdCdkLeavesOutOfLogicalIds() {
        assertThat(deployed.stack().exactAggregations().getNode().getId()).isEqualTo("Default");
    }

    @Test
    void theTablesKeepTheLogicalIdsTheyWereFirstDeployedWith() {
        // A changed logical id replaces the table (and with DESTROY, deletes its data): these are pinned literally.
        var stack = deployed.stack();
        assertThat(deployed.logicalId(stack.orders().table())).isEqualTo("OrdersTableD407578C");
        assertThat(deployed.logicalId(stack.totals().table())).isEqualTo("TotalsTableC3936DD6");
        assertThat(deployed.logicalId(stack.ledger().table())).isEqualTo("AggregatorStateTable9A8962F1");
        assertThat(deployed.logicalId(stack.onFailure().queue())).isEqualTo("OnFailureQueue8F02EDD4");
        assertThat(deployed.logicalId(stack.aggregator().function())).isEqualTo("AggregatorFunctionFE0A4360");
    }

    @Test
    void onAnAppsOwnOrdersTableItCreatesNoOrdersTableAndReadsThatTablesStream() {
        Stack stack = newStack();
        Table shopOrders = ordersTable(stack, StreamViewType.NEW_AND_OLD_IMAGES);

        ExactAggregations aggregations = new ExactAggregations(
                stack,
                "Totals",
                ExactAggregationsProps.builder()
                        .settings(settings())
                        .ordersTable(shopOrders)
                        .build());

        Template template = Template.fromStack(stack);
        String shopOrdersId = logicalId(stack, shopOrders);
        assertThat(template.findResources("AWS::DynamoDB::Table")).hasSize(3).containsKey(shopOrdersId);
        Capture source = new Capture();
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("EventSourceArn", source));
        assertThat(source.asObject()).isEqualTo(Synthesized.getAtt(shopOrdersId, "StreamArn"));
        assertThat(aggregations.orders().owned()).isFalse();
        assertThat(aggregations.orders().table()).isSameAs(shopOrders);
    }

    @Test
    void anAppsOwnOrdersTableIsNotTaggedByThePipeline() {
        Stack stack = newStack();
        Table shopOrders = ordersTable(stack, StreamViewType.NEW_AND_OLD_IMAGES);
        new ExactAggregations(
                stack,
                "Totals",
                ExactAggregationsProps.builder()
                        .settings(settings())
                        .ordersTable(shopOrders)
                        .build());

        assertThat(Template.fromStack(stack).findResources("AWS::DynamoDB::Table"))
                .extractingByKey(logicalId(stack, shopOrders))
                .extracting(table -> ((Map<?, ?>) ((Map<?, ?>) table).get("Properties")).get("Tags"))
                .isNull();
    }

    @Test
    void anOrdersTableWithoutAStreamFailsNamingTheTable() {
        Stack stack = newStack();
        ITable noStream = Table.fromTableName(stack, "NoStream", "shop-orders");

        assertThatThrownBy(() -> new ExactAggregations(
                        stack,
                        "Totals",
                        ExactAggregationsProps.builder()
                                .settings(settings())
                                .ordersTable(noStream)
                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ordersTable Stack/NoStream has no stream");
    }

    @Test
    void anOrdersTableWhoseStreamLacksTheOldImageFails() {
        Stack stack = newStack();
        Table newImagesOnly = ordersTable(stack, StreamViewType.NEW_IMAGE);

        assertThatThrownBy(() -> new ExactAggregations(
                        stack,
                        "Totals",
                        ExactAggregationsProps.builder()
                                .settings(settings())
                                .ordersTable(newImagesOnly)
                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streams NEW_IMAGE; the aggregation needs NEW_AND_OLD_IMAGES");
    }

    @Test
    void anImportedOrdersTableWithItsStreamArnIsAccepted() {
        Stack stack = newStack();
        String streamArn = "arn:aws:dynamodb:eu-west-1:123456789012:table/shop-orders/stream/2024-05-01T10:00:00.000";
        ITable imported = Table.fromTableAttributes(
                stack,
                "Imported",
                TableAttributes.builder()
                        .tableName("shop-orders")
                        .tableStreamArn(streamArn)
                        .build());

        new ExactAggregations(
                stack,
                "Totals",
                ExactAggregationsProps.builder()
                        .settings(settings())
                        .ordersTable(imported)
                        .build());

        Template.fromStack(stack)
                .hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("EventSourceArn", streamArn));
    }

    @Test
    void anOrdersTableAndTheExistingOrdersSettingTogetherFail() {
        Stack stack = newStack();
        Table shopOrders = ordersTable(stack, StreamViewType.NEW_AND_OLD_IMAGES);
        OrderTotalsSettings attached = settings(Map.of(
                Keys.EXISTING_ORDERS_TABLE_NAME,
                "shop-orders",
                Keys.EXISTING_ORDERS_STREAM_ARN,
                "arn:aws:dynamodb:eu-west-1:123456789012:table/shop-orders/stream/2024-05-01T10:00:00.000"));

        assertThatThrownBy(() -> ExactAggregationsProps.builder()
                        .settings(attached)
                        .ordersTable(shopOrders)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ordersTable and the setting existingOrdersTableName both name the orders table");
    }

    @Test
    void theReadmesExampleDeclaresAMonthlyTableOnTheAppsOrdersTable() {
        // README, "From another CDK Java app", as written there (but the jar's path).
        Stack stack = newStack();
        Table orders = Table.Builder.create(stack, "Orders")
                .partitionKey(Attribute.builder()
                        .name("order_id")
                        .type(AttributeType.STRING)
                        .build())
                .stream(StreamViewType.NEW_AND_OLD_IMAGES) // both images: a change moves its quantity
                .build();
        Aggregation monthly = new Aggregation(
                "monthly_item_quantity",
                "MonthlyTotals",
                List.of(
                        new GroupKey("month", "order_date", Transform.MONTH),
                        new GroupKey("item_number", "item_id", Transform.VALUE)),
                List.of(new Measure.Sum("quantity", "quantity")),
                Optional.empty());
        ExactAggregations totals = new ExactAggregations(
                stack,
                "OrderTotals",
                ExactAggregationsProps.builder()
                        .settings(OrderTotalsSettings.defaults(SynthesizedStack.functionJarStandIn()))
                        .ordersTable(orders)
                        .aggregations(List.of(monthly))
                        .build());
        Table monthlyTotals = totals.declaredTables().get("MonthlyTotals").table();

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::DynamoDB::Table", 4);
        template.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of(
                        "KeySchema",
                        List.of(
                                Map.of("AttributeName", "month", "KeyType", "HASH"),
                                Map.of("AttributeName", "item_number", "KeyType", "RANGE"))));
        assertThat(logicalId(stack, monthlyTotals)).startsWith("OrderTotalsMonthlyTotalsTable");
        Capture source = new Capture();
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("EventSourceArn", source));
        assertThat(source.asObject()).isEqualTo(Synthesized.getAtt(logicalId(stack, orders), "StreamArn"));
    }

    private static String logicalId(Stack stack, Table table) {
        return (String) stack.resolve(((CfnElement) table.getNode().getDefaultChild()).getLogicalId());
    }

    private static Stack newStack() {
        return new Stack(new App(), "Stack");
    }

    private static Table ordersTable(Stack stack, StreamViewType view) {
        return Table.Builder.create(stack, "ShopOrders")
                .partitionKey(Attribute.builder()
                        .name("id")
                        .type(AttributeType.STRING)
                        .build())
                .stream(view)
                .build();
    }

    static OrderTotalsSettings settings() {
        return settings(Map.of());
    }

    static OrderTotalsSettings settings(Map<String, Object> context) {
        Map<String, Object> withJar = new java.util.HashMap<>(context);
        withJar.put(Keys.FUNCTION_JAR, SynthesizedStack.functionJarStandIn().toString());
        return OrderTotalsSettings.fromContext(
                new App(AppProps.builder().context(withJar).build()).getNode(), SynthesizedStack.projectRoot());
    }
}
