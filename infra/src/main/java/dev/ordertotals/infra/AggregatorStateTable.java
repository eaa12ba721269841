package dev.ordertotals.infra;

import dev.ordertotals.commit.StateTable;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The aggregator's own state: one applied marker per committed stream record (expiring through TTL after
 * the stream's retention) and the quarantined records (no TTL: kept until someone fixes the order).
 */
public final class AggregatorStateTable extends Construct {

    public static final String PARTITION_KEY = StateTable.PARTITION_KEY;
    public static final String SORT_KEY = StateTable.SORT_KEY;
    public static final String TTL_ATTRIBUTE = StateTable.TTL_ATTRIBUTE;

    private final Table table;

    public AggregatorStateTable(Construct scope, String id, RemovalPolicy removalPolicy, DataEncryption encryption) {
        super(scope, id);
        this.table = encryption.applyTo(Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(removalPolicy))
                .build();
    }

    public Table table() {
        return table;
    }
}
