package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.constructs.IConstruct;

/**
 * What {@code cdk destroy} takes with it: by default everything (the source's clean-up expects it); with
 * {@code retainData} the tables and queue stay, and so does the key they are encrypted with when the stack created
 * one. Logs always go: they are diagnostics, not records.
 */
class RemovalPolicySpecTest {

    @Test
    void tablesAndQueueAreDeletedByDefault() {
        Synthesized deployed = SynthesizedStack.deployedStack();
        assertThat(dataStores(deployed)).allSatisfy(store -> assertRemoval(deployed, store, Contract.DELETE));
    }

    @Test
    void retainDataKeepsTablesAndQueue() {
        Synthesized customized = SynthesizedStack.customized();
        assertThat(dataStores(customized)).allSatisfy(store -> assertRemoval(customized, store, Contract.RETAIN));
    }

    @Test
    void retainDataAcceptsTheStringCdkDashCPasses() {
        Synthesized fromCli = SynthesizedStack.customizedFromCli();
        assertThat(dataStores(fromCli)).allSatisfy(store -> assertRemoval(fromCli, store, Contract.RETAIN));
    }

    @Test
    void logGroupIsDeletedByDefault() {
        Synthesized deployed = SynthesizedStack.deployedStack();
        assertRemoval(deployed, deployed.stack().aggregator().logGroup(), Contract.DELETE);
    }

    @Test
    void logGroupIsDeletedEvenWhenDataIsRetained() {
        Synthesized customized = SynthesizedStack.customized();
        assertRemoval(customized, customized.stack().aggregator().logGroup(), Contract.DELETE);
    }

    @Test
    void createdKeyIsDeletedWithTheDataByDefault() {
        // CloudFormation schedules the key's deletion (30-day waiting period) when it deletes the tables.
        Synthesized created = SynthesizedStack.withCreatedKey();
        assertRemoval(created, created.stack().encryption().createdKey().orElseThrow(), Contract.DELETE);
    }

    @Test
    void retainDataKeepsTheCreatedKeyTheRetainedDataNeeds() {
        Synthesized customized = SynthesizedStack.customized();
        assertRemoval(customized, customized.stack().encryption().createdKey().orElseThrow(), Contract.RETAIN);
    }

    private static List<IConstruct> dataStores(Synthesized synthesized) {
        OrderTotalsStack stack = synthesized.stack();
        return List.of(
                stack.orders().table(),
                stack.totals().table(),
                stack.ledger().table(),
                stack.onFailure().queue());
    }

    private static void assertRemoval(Synthesized synthesized, IConstruct store, String policy) {
        assertThat(synthesized.resource(store))
                .as(synthesized.logicalId(store))
                .containsEntry("DeletionPolicy", policy)
                .containsEntry("UpdateReplacePolicy", policy);
    }
}
