package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.infra.OrderTotalsSettings.Keys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.constructs.IConstruct;

/**
 * The tags by which the tools tell that tables belong together ({@link PipelineTags}): the stack's id and each
 * resource's role on what it creates, and the orders table's name on the totals table, the ledger and the queue.
 */
class PipelineTagsSpecTest {

    private static final String EXISTING = "shop-orders";
    private static final String EXISTING_STREAM =
            "arn:aws:dynamodb:eu-west-1:123456789012:table/shop-orders/stream/2024-05-01T10:00:00.000";

    private static Synthesized deployed;
    private static Synthesized attached;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        attached = Synthesized.of(SynthesizedStack.build(
                Map.of(Keys.EXISTING_ORDERS_TABLE_NAME, EXISTING, Keys.EXISTING_ORDERS_STREAM_ARN, EXISTING_STREAM)));
    }

    @Test
    void everyTableTheStackCreatesCarriesTheStackIdAsItsPipeline() {
        Map<String, Map<String, Object>> tables = deployed.resourcesOfType("AWS::DynamoDB::Table");
        assertThat(tables).hasSize(3);
        tables.forEach((id, table) -> assertThat(tags(table))
                .as("tags of %s", id)
                .containsEntry(PipelineTags.PIPELINE, Map.of("Ref", "AWS::StackId")));
    }

    @Test
    void theOnFailureQueueCarriesTheStackIdAsItsPipeline() {
        assertThat(tags(deployed.resource(deployed.stack().onFailure().queue())))
                .containsEntry(PipelineTags.PIPELINE, Map.of("Ref", "AWS::StackId"));
    }

    @Test
    void eachResourceSaysWhichOfThePipelinesItIs() {
        var stack = deployed.stack();
        assertThat(role(deployed, stack.orders().table())).isEqualTo(PipelineTags.ROLE_ORDERS);
        assertThat(role(deployed, stack.totals().table())).isEqualTo(PipelineTags.ROLE_TOTALS);
        assertThat(role(deployed, stack.ledger().table())).isEqualTo(PipelineTags.ROLE_LEDGER);
        assertThat(role(deployed, stack.onFailure().queue())).isEqualTo(PipelineTags.ROLE_ON_FAILURE_QUEUE);
    }

    @Test
    void theTotalsTableTheLedgerAndTheQueueNameTheStacksOrdersTable() {
        var stack = deployed.stack();
        Map<String, Object> orders =
                Synthesized.ref(deployed.logicalId(stack.orders().table()));
        for (IConstruct resource : List.<IConstruct>of(
                stack.totals().table(),
                stack.ledger().table(),
                stack.onFailure().queue())) {
            assertThat(tags(deployed.resource(resource)))
                    .as("tags of %s", deployed.logicalId(resource))
                    .containsEntry(PipelineTags.ORDERS_TABLE, orders);
        }
    }

    @Test
    void theOrdersTableDoesNotNameItself() {
        assertThat(tags(deployed.resource(deployed.stack().orders().table())))
                .doesNotContainKey(PipelineTags.ORDERS_TABLE);
    }

    @Test
    void attachedToAnExistingTableTheLedgerNamesThatTableWhichTheStackDoesNotTag() {
        Capture ordersTable = new Capture();
        attached.template()
                .hasResourceProperties(
                        "AWS::DynamoDB::Table",
                        Map.of(
                                "Tags",
                                // CDK renders tags sorted by key: orders-table, pipeline, role.
                                Match.arrayWith(List.of(
                                        Map.of("Key", PipelineTags.ORDERS_TABLE, "Value", ordersTable),
                                        Map.of("Key", PipelineTags.ROLE, "Value", PipelineTags.ROLE_LEDGER)))));
        assertThat(ordersTable.asString()).isEqualTo(EXISTING);
        assertThat(attached.resourcesOfType("AWS::DynamoDB::Table")).hasSize(2);
    }

    private static String role(Synthesized synthesized, IConstruct resource) {
        return (String) tags(synthesized.resource(resource)).get(PipelineTags.ROLE);
    }

    /** A resource's {@code Tags} as key to value (a string, or an intrinsic such as {@code {"Ref": ...}}). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> tags(Map<String, Object> resource) {
        List<Map<String, Object>> tags = (List<Map<String, Object>>)
                ((Map<String, Object>) resource.get("Properties")).getOrDefault("Tags", List.of());
        Map<String, Object> byKey = new LinkedHashMap<>();
        tags.forEach(tag -> byKey.put((String) tag.get("Key"), tag.get("Value")));
        return byKey;
    }
}
