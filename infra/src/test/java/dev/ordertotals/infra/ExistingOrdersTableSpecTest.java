package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.infra.OrderTotalsSettings.Keys;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;

/**
 * Attached to an existing orders table (context {@code existingOrdersTableName} + {@code existingOrdersStreamArn}):
 * the stack creates no orders table, reads the given stream and nothing else of that table, and leaves it alone on
 * {@code cdk destroy}.
 */
class ExistingOrdersTableSpecTest {

    private static final String NAME = "shop-orders";
    private static final String STREAM =
            "arn:aws:dynamodb:eu-west-1:123456789012:table/shop-orders/stream/2024-05-01T10:00:00.000";
    private static Synthesized attached;

    @BeforeAll
    static void synthesize() {
        attached = Synthesized.of(SynthesizedStack.build(
                Map.of(Keys.EXISTING_ORDERS_TABLE_NAME, NAME, Keys.EXISTING_ORDERS_STREAM_ARN, STREAM)));
    }

    @Test
    void noOrdersTableIsCreatedOnlyTotalsAndState() {
        assertThat(attached.resourcesOfType("AWS::DynamoDB::Table"))
                .containsOnlyKeys(
                        attached.logicalId(attached.stack().totals().table()),
                        attached.logicalId(attached.stack().ledger().table()));
        assertThat(attached.stack().orders().owned()).isFalse();
    }

    @Test
    void theMappingReadsTheGivenStream() {
        Capture source = new Capture();
        attached.template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("EventSourceArn", source));
        assertThat(source.asString()).isEqualTo(STREAM);
    }

    @Test
    void tablaPedidosNamesTheExistingTable() {
        Capture variables = new Capture();
        attached.template()
                .hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", variables)));
        assertThat(variables.asObject()).containsEntry(Contract.ENV_ORDERS_TABLE, NAME);
    }

    @Test
    void theRoleMayReadOnlyTheGivenStreamOfThatTable() {
        List<Object> resources = attached.resourcesOfType("AWS::IAM::Policy").values().stream()
                .flatMap(policy -> statements(policy).stream())
                .map(statement -> statement.get("Resource"))
                .toList();
        assertThat(resources).contains(STREAM);
        assertThat(resources)
                .allSatisfy(resource -> assertThat(String.valueOf(resource))
                        .as("no grant on the table itself")
                        .doesNotContain("table/" + NAME + "\"")
                        .doesNotEndWith("table/" + NAME));
    }

    @Test
    void theStackNamesTheExistingTableInItsOutputs() {
        assertThat(attached.section("Outputs").get("OrdersTableName").get("Value"))
                .isEqualTo(NAME);
    }

    @Test
    void aTableWithoutItsStreamArnFailsNamingTheKey() {
        assertThatThrownBy(() -> SynthesizedStack.build(Map.of(Keys.EXISTING_ORDERS_TABLE_NAME, NAME)))
                .hasMessageContaining(Keys.EXISTING_ORDERS_STREAM_ARN + " is missing")
                .hasMessageContaining("StreamViewType=NEW_AND_OLD_IMAGES");
    }

    @Test
    void aStreamOfAnotherTableFails() {
        assertThatThrownBy(() -> SynthesizedStack.build(
                        Map.of(Keys.EXISTING_ORDERS_TABLE_NAME, "other", Keys.EXISTING_ORDERS_STREAM_ARN, STREAM)))
                .hasMessageContaining(
                        "is the stream of table shop-orders, not of " + Keys.EXISTING_ORDERS_TABLE_NAME + "=other");
    }

    @Test
    void aStatedViewTypeOtherThanBothImagesFails() {
        assertThatThrownBy(() -> SynthesizedStack.build(Map.of(
                        Keys.EXISTING_ORDERS_TABLE_NAME,
                        NAME,
                        Keys.EXISTING_ORDERS_STREAM_ARN,
                        STREAM,
                        Keys.EXISTING_ORDERS_STREAM_VIEW_TYPE,
                        "NEW_IMAGE")))
                .hasMessageContaining(Keys.EXISTING_ORDERS_STREAM_VIEW_TYPE + "=NEW_IMAGE")
                .hasMessageContaining("needs NEW_AND_OLD_IMAGES");
    }

    @Test
    void somethingThatIsNotAStreamArnFails() {
        assertThatThrownBy(() -> SynthesizedStack.build(Map.of(
                        Keys.EXISTING_ORDERS_TABLE_NAME,
                        NAME,
                        Keys.EXISTING_ORDERS_STREAM_ARN,
                        "arn:aws:dynamodb:eu-west-1:123456789012:table/shop-orders")))
                .hasMessageContaining("is not a DynamoDB stream ARN");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        Map<String, Object> properties = (Map<String, Object>) policy.get("Properties");
        Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
        Object statements = document.get("Statement");
        return statements instanceof Collection<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
