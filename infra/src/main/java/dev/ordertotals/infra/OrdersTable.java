package dev.ordertotals.infra;

import dev.ordertotals.contract.OrdersItem;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableAttributes;
import software.constructs.Construct;

/**
 * The orders table. Its stream carries both images, so a change can subtract the old quantity and add the new.
 * Either the stack creates it, or it attaches to an existing one ({@link ExistingOrdersTable}): then the table is only
 * referenced, never created, changed or deleted by the stack, and {@code cdk destroy} leaves it alone.
 */
public final class OrdersTable extends Construct {

    private final ITable table;
    private final boolean owned;

    public OrdersTable(
            Construct scope,
            String id,
            RemovalPolicy removalPolicy,
            DataEncryption encryption,
            Optional<ExistingOrdersTable> existing) {
        super(scope, id);
        this.owned = existing.isEmpty();
        this.table = existing.<ITable>map(attached -> Table.fromTableAttributes(
                        this,
                        "Table",
                        TableAttributes.builder()
                                .tableName(attached.tableName())
                                .tableStreamArn(attached.streamArn())
                                .build()))
                .orElseGet(() -> create(removalPolicy, encryption));
    }

    /**
     * An orders table the app already has, passed to {@link ExactAggregations}: referenced as it is, never changed.
     * It must have a stream; when it is a table of this app (not an imported one), the stream must carry both images.
     */
    public OrdersTable(Construct scope, String id, ITable appsTable) {
        super(scope, id);
        this.owned = false;
        this.table = requireStreamWithBothImages(appsTable);
    }

    private static ITable requireStreamWithBothImages(ITable table) {
        if (table.getTableStreamArn() == null) {
            throw new IllegalArgumentException("ExactAggregations: ordersTable "
                    + table.getNode().getPath()
                    + " has no stream: create it with stream(StreamViewType." + ExistingOrdersTable.REQUIRED_VIEW_TYPE
                    + "), or import it with its tableStreamArn");
        }
        // A table of this app: its stream's view type is in its L1 properties.
        if (table.getNode().getDefaultChild() instanceof CfnTable cfn
                && Stack.of(cfn).resolve(cfn.getStreamSpecification()) instanceof Map<?, ?> stream
                && !ExistingOrdersTable.REQUIRED_VIEW_TYPE.equals(stream.get("streamViewType"))) {
            throw new IllegalArgumentException(
                    "ExactAggregations: ordersTable " + table.getNode().getPath()
                            + " streams " + stream.get("streamViewType") + "; the aggregation needs "
                            + ExistingOrdersTable.REQUIRED_VIEW_TYPE + " (both images of every change)");
        }
        return table;
    }

    /** Whether the stack created the table (false: an existing table it attached to, or the app's own). */
    public boolean owned() {
        return owned;
    }

    private Table create(RemovalPolicy removalPolicy, DataEncryption encryption) {
        return encryption.build(Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(OrdersItem.ORDER_ID)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .removalPolicy(removalPolicy));
    }

    public ITable table() {
        return table;
    }
}
