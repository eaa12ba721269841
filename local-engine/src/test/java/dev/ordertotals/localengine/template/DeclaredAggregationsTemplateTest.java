package dev.ordertotals.localengine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.LocalClients;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.template.FunctionSpec.EnvValue;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A stack with declared aggregations runs locally: its totals tables are created like the others, and the function's
 * {@code AGGREGATIONS}, an {@code Fn::Join} of JSON text and the tables' {@code Ref}s, resolves to JSON naming the
 * local tables. The template is the stack's data path as synthesized with declared aggregations (infra pins it).
 */
class DeclaredAggregationsTemplateTest {

    private static final String TOTALS = "TotalsTableC3936DD6";
    private static final String MONTHLY = "MonthlyTotalsTable9CB602FA";
    private static final String DAILY_ORDERS = "DailyOrdersTable180F1320";

    private static StackTemplate template;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static LocalDeployment deployment;

    @BeforeAll
    static void deploy() throws URISyntaxException {
        template = StackTemplate.read(fixture());
        MotoServer moto = MotoServer.shared();
        dynamo = LocalClients.dynamo(moto.endpoint());
        sqs = LocalClients.sqs(moto.endpoint());
        deployment = LocalDeployment.create(
                template,
                dynamo,
                sqs,
                "aggregations-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void close() {
        dynamo.close();
        sqs.close();
    }

    @Test
    void aggregationsIsReadAsAJoinOfTextAndTableReferences() {
        EnvValue value = template.function().environment().get(FunctionEnvironment.AGGREGATIONS);

        assertThat(value).isInstanceOf(EnvValue.Join.class);
        EnvValue.Join join = (EnvValue.Join) value;
        assertThat(join.delimiter()).isEmpty();
        assertThat(join.parts())
                .filteredOn(EnvValue.Ref.class::isInstance)
                // One per aggregation: the default, the monthly and daily ones, and the count added into totals.
                .containsExactly(
                        new EnvValue.Ref(TOTALS),
                        new EnvValue.Ref(MONTHLY),
                        new EnvValue.Ref(DAILY_ORDERS),
                        new EnvValue.Ref(TOTALS));
        assertThat(join.parts()).allMatch(part -> part instanceof EnvValue.Literal || part instanceof EnvValue.Ref);
    }

    @Test
    void aJoinOfLiteralsRefsAndGetAttsIsRead() throws Exception {
        JsonNode value = Json.MAPPER.readTree(
                "{\"Fn::Join\": [\":\", [\"a\", {\"Ref\": \"T\"}, {\"Fn::GetAtt\": [\"T\", \"Arn\"]}]]}");

        assertThat(FunctionSpec.value(value, "variable X"))
                .isEqualTo(new EnvValue.Join(
                        ":",
                        List.of(new EnvValue.Literal("a"), new EnvValue.Ref("T"), new EnvValue.GetAtt("T", "Arn"))));
    }

    @Test
    void aJoinOfAnIntrinsicTheLocalRunCannotResolveFailsNamingTheVariable() throws Exception {
        JsonNode value = Json.MAPPER.readTree("{\"Fn::Join\": [\"\", [\"a\", {\"Fn::Sub\": \"${AWS::Region}\"}]]}");

        assertThatThrownBy(() -> FunctionSpec.value(value, "function F: environment variable X"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("function F: environment variable X uses an intrinsic the local run cannot"
                        + " resolve: {\"Fn::Sub\"");
    }

    @Test
    void everyTableOfTheTemplateIsCreatedTheDeclaredTotalsTablesToo() {
        assertThat(template.tables()).hasSize(5).containsKeys(TOTALS, MONTHLY, DAILY_ORDERS);
        for (TableSpec table : template.tables().values()) {
            List<KeySchemaElement> keys = dynamo.describeTable(
                            request -> request.tableName(deployment.tableName(table.logicalId())))
                    .table()
                    .keySchema();
            assertThat(keys)
                    .as(table.logicalId())
                    .extracting(KeySchemaElement::attributeName)
                    .containsExactlyElementsOf(
                            table.keySchema().stream().map(TableSpec.Key::name).toList());
        }
    }

    @Test
    void theDeclaredTablesAreKeyedByTheirGroupByAttributes() {
        assertThat(template.table(MONTHLY).keySchema())
                .containsExactly(new TableSpec.Key("month", "HASH"), new TableSpec.Key("item_number", "RANGE"));
        assertThat(template.table(DAILY_ORDERS).keySchema()).containsExactly(new TableSpec.Key("order_date", "HASH"));
    }

    @Test
    void theDeclaredTablesCarryThePipelinesTags() {
        String arn = dynamo.describeTable(request -> request.tableName(deployment.tableName(MONTHLY)))
                .table()
                .tableArn();
        Map<String, String> tags = dynamo.listTagsOfResource(request -> request.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertThat(tags)
                .containsEntry(PipelineTags.PIPELINE, deployment.stackId())
                .containsEntry(PipelineTags.ROLE, PipelineTags.ROLE_TOTALS)
                .containsEntry(
                        PipelineTags.ORDERS_TABLE,
                        deployment.tableName(template.sourceTable().logicalId()));
    }

    @Test
    void aggregationsResolvesToJsonNamingTheLocalTables() throws Exception {
        String json = deployment.environment(template.function()).get(FunctionEnvironment.AGGREGATIONS);

        List<Aggregation> aggregations = AggregationDeclarations.fromPlain(Json.MAPPER.readValue(json, List.class));
        assertThat(aggregations)
                .extracting(Aggregation::name, Aggregation::table)
                .containsExactly(
                        tuple("daily_item_quantity", deployment.tableName(TOTALS)),
                        tuple("monthly_item_quantity", deployment.tableName(MONTHLY)),
                        tuple("daily_orders", deployment.tableName(DAILY_ORDERS)),
                        tuple("daily_item_orders", deployment.tableName(TOTALS)));
    }

    @Test
    void theOtherVariablesStillResolveToTheLocalTables() {
        Map<String, String> environment = deployment.environment(template.function());
        assertThat(environment)
                .containsEntry(FunctionEnvironment.TOTALS_TABLE, deployment.tableName(TOTALS))
                .containsEntry(
                        FunctionEnvironment.ORDERS_TABLE,
                        deployment.tableName(template.sourceTable().logicalId()));
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(DeclaredAggregationsTemplateTest.class
                .getResource("/templates/declared-aggregations.template.json")
                .toURI());
    }
}
