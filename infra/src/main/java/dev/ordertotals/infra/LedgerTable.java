package dev.ordertotals.infra;

import dev.ordertotals.contract.LedgerItem;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The aggregator's own state, the ledger: per order, what the totals count for it, its recent stream eventIDs and
 * its quarantine note (see the function's {@code LedgerTable}). Entries of deleted orders expire through TTL a week
 * later. The sparse index {@value LedgerItem#QUARANTINE_INDEX} lists the quarantined orders, spread over a few
 * partition keys so none is hot.
 */
public final class LedgerTable extends Construct {

    private final Table table;

    public LedgerTable(Construct scope, String id, RemovalPolicy removalPolicy, DataEncryption encryption) {
        super(scope, id);
        this.table = encryption.build(Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(LedgerItem.PARTITION_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .sortKey(Attribute.builder()
                        .name(LedgerItem.SORT_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(LedgerItem.TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .removalPolicy(removalPolicy));
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(LedgerItem.QUARANTINE_INDEX)
                .partitionKey(Attribute.builder()
                        .name(LedgerItem.QUARANTINE_SHARD)
                        .type(AttributeType.STRING)
                        .build())
                .sortKey(Attribute.builder()
                        .name(LedgerItem.QUARANTINED_AT)
                        .type(AttributeType.STRING)
                        .build())
                .projectionType(ProjectionType.ALL)
                .build());
    }

    public Table table() {
        return table;
    }
}
