package dev.ordertotals.infra;

import dev.ordertotals.contract.TotalsItem;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The per-day, per-item totals: {@code order_date} ({@code YYYY-MM-DD}) and {@code item_number}, with the
 * running {@code quantity}. Derived data (the {@code reconcile} tool rebuilds it from the orders table), but restoring it is
 * cheaper than recomputing, so it gets point-in-time recovery too.
 */
public final class TotalsTable extends Construct {

    private final Table table;

    public TotalsTable(Construct scope, String id, RemovalPolicy removalPolicy, DataEncryption encryption) {
        super(scope, id);
        this.table = encryption.build(Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(TotalsItem.PARTITION_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .sortKey(Attribute.builder()
                        .name(TotalsItem.SORT_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .removalPolicy(removalPolicy));
    }

    public Table table() {
        return table;
    }
}
