package dev.ordertotals.localengine.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.TotalsItem;
import dev.ordertotals.testsupport.SynthesizedTemplate;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the local run reads from the real synthesized template: it must be the deployed stack's data path. */
class StackTemplateTest {

    private static StackTemplate template;
    private static JsonNode context;

    @BeforeAll
    static void synthesize() {
        template = StackTemplate.read(SynthesizedTemplate.path());
        context = SynthesizedTemplate.cdkJsonContext();
    }

    @Test
    void theEventSourceIsConfiguredAsInCdkJson() {
        EventSourceSpec source = template.eventSource();

        assertThat(source.batchSize()).isEqualTo(context.path("batchSize").asInt());
        assertThat(source.maximumRetryAttempts())
                .isEqualTo(context.path("retryAttempts").asInt());
        assertThat(source.maximumRecordAgeSeconds())
                .isEqualTo(context.path("maxRecordAgeHours").asInt() * 3600);
        assertThat(source.bisectBatchOnFunctionError())
                .isEqualTo(context.path("bisectOnError").asBoolean());
        assertThat(source.startingPosition()).isEqualTo("TRIM_HORIZON");
        assertThat(source.reportBatchItemFailures()).isTrue();
        assertThat(source.enabled()).isTrue();
        assertThat(source.onFailureQueueId())
                .isPresent()
                .get()
                .satisfies(queue -> assertThat(template.queues()).containsKey(queue));
    }

    @Test
    void theSourceTableIsTheOrdersTableWithBothImagesInItsStream() {
        TableSpec orders = template.sourceTable();

        assertThat(orders.partitionKey()).isEqualTo("order_id");
        assertThat(orders.streamViewType()).contains("NEW_AND_OLD_IMAGES");
        assertThat(template.function().environment().get(FunctionEnvironment.ORDERS_TABLE))
                .isEqualTo(new FunctionSpec.EnvValue.Ref(orders.logicalId()));
    }

    @Test
    void theFunctionsEnvironmentNamesTheTotalsAndStateTablesWithTheHandlersKeys() {
        FunctionSpec function = template.function();

        assertThat(function.handler()).isEqualTo("dev.ordertotals.handler.OrderTotalsHandler::handleRequest");
        assertThat(function.timeout()).isGreaterThan(Duration.ZERO);
        assertThat(function.asset()).isPresent();
        TableSpec totals = table(function, FunctionEnvironment.TOTALS_TABLE);
        TableSpec state = table(function, FunctionEnvironment.LEDGER_TABLE);
        assertThat(totals.keySchema())
                .extracting(TableSpec.Key::name)
                .containsExactly(TotalsItem.PARTITION_KEY, TotalsItem.SORT_KEY);
        assertThat(state.keySchema())
                .extracting(TableSpec.Key::name)
                .containsExactly(LedgerItem.PARTITION_KEY, LedgerItem.SORT_KEY);
        assertThat(state.timeToLiveAttribute()).contains(LedgerItem.TTL_ATTRIBUTE);
        assertThat(totals.streamViewType()).isEmpty();
    }

    @Test
    void theFunctionsLoggingConfigIsReadForTheLocalRuntime() {
        assertThat(template.function().logging()).isEqualTo(new FunctionSpec.Logging("JSON", Optional.of("INFO")));
    }

    @Test
    void theStateTableHasTheSparseQuarantineIndexTheToolsQuery() {
        TableSpec state = table(template.function(), FunctionEnvironment.LEDGER_TABLE);

        assertThat(state.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.name()).isEqualTo(LedgerItem.QUARANTINE_INDEX);
            assertThat(index.keySchema())
                    .containsExactly(
                            new TableSpec.Key(LedgerItem.QUARANTINE_SHARD, "HASH"),
                            new TableSpec.Key(LedgerItem.QUARANTINED_AT, "RANGE"));
            assertThat(index.projectionType()).isEqualTo("ALL");
        });
    }

    private static TableSpec table(FunctionSpec function, String variable) {
        FunctionSpec.EnvValue value = function.environment().get(variable);
        assertThat(value).isInstanceOf(FunctionSpec.EnvValue.Ref.class);
        return template.table(((FunctionSpec.EnvValue.Ref) value).logicalId());
    }

    @Test
    void theLedgersTagsAreReadWithTheirReferences() {
        String ledger = ((FunctionSpec.EnvValue.Ref)
                        template.function().environment().get(FunctionEnvironment.LEDGER_TABLE))
                .logicalId();

        assertThat(template.table(ledger).tags())
                .containsEntry(PipelineTags.PIPELINE, new FunctionSpec.EnvValue.Ref("AWS::StackId"))
                .containsEntry(PipelineTags.ROLE, new FunctionSpec.EnvValue.Literal(PipelineTags.ROLE_LEDGER))
                .containsEntry(
                        PipelineTags.ORDERS_TABLE,
                        new FunctionSpec.EnvValue.Ref(template.sourceTable().logicalId()));
    }
}
