package dev.ordertotals.infra;

import dev.ordertotals.contract.OrdersItem;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
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

    /** Whether the stack created the table (false: an existing table it attached to). */
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
