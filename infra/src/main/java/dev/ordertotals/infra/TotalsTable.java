package dev.ordertotals.infra;

import dev.ordertotals.contract.TotalsItem;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * A totals table: one item per key of an aggregation, with its running measures. The default one holds the per-day,
 * per-item totals: {@code order_date} ({@code YYYY-MM-DD}) and {@code item_number}, with the running
 * {@code quantity}; a declared aggregation's table is keyed by its {@code groupBy} attributes (strings). Derived data
 * (the {@code reconcile} tool rebuilds it from the orders table), but restoring it is cheaper than recomputing, so it
 * gets point-in-time recovery too.
 */
public final class TotalsTable extends Construct {

    private final Table table;

    /** The default totals table: per day and item. */
    public TotalsTable(Construct scope, String id, RemovalPolicy removalPolicy, DataEncryption encryption) {
        this(scope, id, removalPolicy, encryption, TotalsItem.PARTITION_KEY, Optional.of(TotalsItem.SORT_KEY));
    }

    /** A totals table keyed by {@code partitionKey} and, if present, {@code sortKey}, both strings. */
    public TotalsTable(
            Construct scope,
            String id,
            RemovalPolicy removalPolicy,
            DataEncryption encryption,
            String partitionKey,
            Optional<String> sortKey) {
        super(scope, id);
        Table.Builder builder = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(partitionKey)
                        .type(AttributeType.STRING)
                        .build());
        sortKey.ifPresent(name -> builder.sortKey(
                Attribute.builder().name(name).type(AttributeType.STRING).build()));
        this.table = encryption.build(builder.billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .removalPolicy(removalPolicy));
    }

    public Table table() {
        return table;
    }
}
