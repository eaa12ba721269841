package dev.ordertotals.localengine.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.testsupport.LocalTables;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The local engine's tables and queue carry the tags the stack gives them, with the stack's pseudo parameters and
 * references resolved: the tools check them as they do on AWS.
 */
class LocalDeploymentTest {

    private static LocalTables tables;

    @BeforeAll
    static void deploy() {
        tables = LocalTables.create();
    }

    @Test
    void everyTableCarriesTheDeploymentsStackIdAsItsPipeline() {
        String stackId = tables.deployment().stackId();
        assertThat(stackId)
                .startsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/"
                        + tables.deployment().prefix() + "/");
        for (String table : new String[] {tables.orders(), tables.totals(), tables.ledger()}) {
            assertThat(tags(table)).as("tags of %s", table).containsEntry(PipelineTags.PIPELINE, stackId);
        }
    }

    @Test
    void theLedgerNamesItsRoleAndTheLocalOrdersTable() {
        assertThat(tags(tables.ledger()))
                .containsEntry(PipelineTags.ROLE, PipelineTags.ROLE_LEDGER)
                .containsEntry(PipelineTags.ORDERS_TABLE, tables.orders());
    }

    @Test
    void theQueueCarriesTheSamePipelineAndOrdersTable() {
        Map<String, String> tags = tables.sqs()
                .listQueueTags(request -> request.queueUrl(tables.queueUrl()))
                .tags();
        assertThat(tags)
                .containsEntry(PipelineTags.PIPELINE, tables.deployment().stackId())
                .containsEntry(PipelineTags.ROLE, PipelineTags.ROLE_ON_FAILURE_QUEUE)
                .containsEntry(PipelineTags.ORDERS_TABLE, tables.orders());
    }

    @Test
    void twoDeploymentsAreTwoPipelines() {
        LocalTables other = LocalTables.create();
        assertThat(other.deployment().stackId())
                .isNotEqualTo(tables.deployment().stackId());
    }

    private static Map<String, String> tags(String table) {
        String arn = tables.dynamo()
                .describeTable(request -> request.tableName(table))
                .table()
                .tableArn();
        return tables.dynamo().listTagsOfResource(request -> request.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
