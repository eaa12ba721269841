package dev.ordertotals.infra;

import dev.ordertotals.commit.LedgerTable;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The aggregator's own state, the ledger: per order, what the totals count for it, its recent stream eventIDs and
 * its quarantine note (see the function's {@code LedgerTable}). Entries of deleted orders expire through TTL a week
 * later. The sparse index {@value LedgerTable#QUARANTINE_INDEX} lists the quarantined orders, spread over a few
 * partition keys so none is hot.
 */
public final class AggregatorStateTable extends Construct {

    public static final String PARTITION_KEY = LedgerTable.PARTITION_KEY;
    public static final String SORT_KEY = LedgerTable.SORT_KEY;
    public static final String TTL_ATTRIBUTE = LedgerTable.TTL_ATTRIBUTE;

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
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(LedgerTable.QUARANTINE_INDEX)
                .partitionKey(Attribute.builder().name(LedgerTable.QUARANTINE_SHARD).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(LedgerTable.QUARANTINED_AT).type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
    }

    public Table table() {
        return table;
    }
}
