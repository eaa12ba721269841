package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.getAtt;
import static dev.ordertotals.infra.Synthesized.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import dev.ordertotals.infra.PermissionsSpecTest.Grant;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.constructs.IConstruct;

/**
 * Aggregations declared in context {@code aggregations} ({@link ContextOverrides#AGGREGATIONS}): each new label is a
 * totals table keyed by its {@code groupBy}, built like the default one, writable by the function with UpdateItem
 * only, named by an output; the function is told every aggregation in {@code AGGREGATIONS}. Declaring nothing
 * changes nothing.
 */
class DeclaredAggregationsSpecTest {

    private static final String FUNCTION = "AWS::Lambda::Function";
    private static final String TABLE = "AWS::DynamoDB::Table";

    private static Synthesized deployed;
    private static Synthesized declared;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        declared = SynthesizedStack.withAggregations();
    }

    // Nothing declared (cdk.json as committed)

    @Test
    void withNothingDeclaredTheFunctionHasNoAggregationsVariable() {
        deployed.template()
                .hasResourceProperties(
                        FUNCTION,
                        Map.of(
                                "Environment",
                                Map.of("Variables", Match.objectLike(Map.of("AGGREGATIONS", Match.absent())))));
    }

    @Test
    void withNothingDeclaredTheStackHasOnlyItsThreeTables() {
        deployed.template().resourceCountIs(TABLE, 3);
        assertThat(deployed.stack().exactAggregations().declaredTables()).isEmpty();
    }

    @Test
    void withNothingDeclaredTheFunctionKeepsOnlyTheDefaultAggregation() {
        assertThat(deployed.stack().exactAggregations().aggregations())
                .containsExactly(Aggregation.orderTotals(DeclaredAggregations.DEFAULT_TABLE));
    }

    // Declared

    @Test
    void eachNewLabelIsOneMoreTable() {
        declared.template().resourceCountIs(TABLE, 5);
        assertThat(declared.stack().exactAggregations().declaredTables())
                .containsOnlyKeys(ContextOverrides.MONTHLY_TOTALS, ContextOverrides.DAILY_ORDERS);
    }

    @Test
    void theMonthlyTableIsKeyedByMonthThenItemNumberBothStrings() {
        assertThat(properties(ContextOverrides.MONTHLY_TOTALS))
                .containsEntry(
                        "KeySchema",
                        List.of(
                                Map.of("AttributeName", "month", "KeyType", "HASH"),
                                Map.of("AttributeName", "item_number", "KeyType", "RANGE")))
                .containsEntry(
                        "AttributeDefinitions",
                        List.of(
                                Map.of("AttributeName", "month", "AttributeType", "S"),
                                Map.of("AttributeName", "item_number", "AttributeType", "S")));
    }

    @Test
    void aTableOfOneKeyHasAPartitionKeyOnly() {
        assertThat(properties(ContextOverrides.DAILY_ORDERS))
                .containsEntry("KeySchema", List.of(Map.of("AttributeName", "order_date", "KeyType", "HASH")))
                .containsEntry(
                        "AttributeDefinitions", List.of(Map.of("AttributeName", "order_date", "AttributeType", "S")));
    }

    @Test
    void anAggregationIntoTotalsAddsToTheDefaultTableAndCreatesNone() {
        assertThat(declared.stack().exactAggregations().totalsTable("totals"))
                .isSameAs(declared.stack().totals());
        assertThat(declared.stack().exactAggregations().declaredTables()).doesNotContainKey("totals");
    }

    @Test
    void newTablesAreBuiltLikeTheTotalsTable() {
        // Billing, encryption, point-in-time recovery, removal: everything but the keys, with and without a key.
        for (Synthesized synthesized : List.of(declared, SynthesizedStack.withAggregationsKeyAndRetainedData())) {
            Map<String, Object> totals = withoutKeysAndTags(
                    synthesized.resource(synthesized.stack().totals().table()));
            synthesized
                    .stack()
                    .exactAggregations()
                    .declaredTables()
                    .forEach((label, table) -> assertThat(withoutKeysAndTags(synthesized.resource(table.table())))
                            .as("%s of %s", label, synthesized.stack().getNode().getPath())
                            .isEqualTo(totals));
        }
    }

    @Test
    void newTablesAreTaggedAsTotalsOfThisPipeline() {
        Map<String, Object> ordersTable =
                ref(declared.logicalId(declared.stack().orders().table()));
        for (TotalsTable table :
                declared.stack().exactAggregations().declaredTables().values()) {
            declared.template()
                    .hasResource(
                            TABLE,
                            Map.of(
                                    "Properties",
                                    Match.objectLike(Map.of(
                                            "KeySchema",
                                            declared.properties(table.table()).get("KeySchema"),
                                            "Tags",
                                            List.of(
                                                    Map.of("Key", PipelineTags.ORDERS_TABLE, "Value", ordersTable),
                                                    Map.of(
                                                            "Key",
                                                            PipelineTags.PIPELINE,
                                                            "Value",
                                                            Map.of("Ref", "AWS::StackId")),
                                                    Map.of(
                                                            "Key",
                                                            PipelineTags.ROLE,
                                                            "Value",
                                                            PipelineTags.ROLE_TOTALS))))));
        }
    }

    @Test
    void aggregationsVariableHoldsTheDefaultThenTheDeclaredOnesEachNamingItsTable() throws Exception {
        Capture variable = new Capture();
        declared.template()
                .hasResourceProperties(
                        FUNCTION,
                        Map.of("Environment", Map.of("Variables", Match.objectLike(Map.of("AGGREGATIONS", variable)))));

        // The JSON, with each table reference written as <Ref:logical id>, read back as the function reads it.
        String json = join(variable.asObject(), id -> "<Ref:" + id + ">");
        List<Aggregation> read = AggregationDeclarations.fromPlain(new ObjectMapper().readValue(json, List.class));

        Map<String, String> tableRefs = new LinkedHashMap<>();
        tableRefs.put(
                "totals", "<Ref:" + declared.logicalId(declared.stack().totals().table()) + ">");
        declared.stack()
                .exactAggregations()
                .declaredTables()
                .forEach((label, table) -> tableRefs.put(label, "<Ref:" + declared.logicalId(table.table()) + ">"));
        List<Aggregation> expected =
                DeclaredAggregations.withDefault(AggregationDeclarations.fromPlain(ContextOverrides.AGGREGATIONS))
                        .stream()
                        .map(aggregation -> aggregation.withTable(tableRefs.get(aggregation.table())))
                        .toList();
        assertThat(read).isEqualTo(expected);
        assertThat(read)
                .extracting(Aggregation::name, Aggregation::table)
                .containsExactly(
                        tuple("daily_item_quantity", tableRefs.get("totals")),
                        tuple("monthly_item_quantity", tableRefs.get(ContextOverrides.MONTHLY_TOTALS)),
                        tuple("daily_orders", tableRefs.get(ContextOverrides.DAILY_ORDERS)),
                        tuple("daily_item_orders", tableRefs.get("totals")));
    }

    @Test
    void theOtherVariablesAreUnchanged() {
        Map<String, Object> before = variables(deployed);
        Map<String, Object> after = new LinkedHashMap<>(variables(declared));
        after.remove("AGGREGATIONS");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void theFunctionMayUpdateItemsOfEveryTotalsTableInOneStatement() {
        var stack = declared.stack();
        assertThat(grants(declared))
                .contains(new Grant(
                        "Allow",
                        new TreeSet<>(List.of("dynamodb:UpdateItem")),
                        // Rendered in CDK's order (sorted by logical id).
                        List.of(
                                arn(stack.exactAggregations().totalsTable(ContextOverrides.DAILY_ORDERS)),
                                arn(stack.exactAggregations().totalsTable(ContextOverrides.MONTHLY_TOTALS)),
                                arn(stack.totals())),
                        null));
    }

    @Test
    void newTablesAddNothingToTheRoleButTheirArns() {
        // Same statements as without declarations, the totals statement aside, which lists the new tables too.
        List<Grant> without = grants(deployed).stream()
                .filter(grant ->
                        !grant.resource().equals(arn(deployed, deployed.stack().totals())))
                .toList();
        List<Grant> with = grants(declared).stream()
                .filter(grant -> !(grant.resource() instanceof Collection<?>))
                .toList();
        assertThat(with).containsExactlyInAnyOrderElementsOf(without);
    }

    @Test
    void withAKeyTheNewTablesUseItAndTheRoleStillDecryptsWithOneGrant() {
        Synthesized keyed = SynthesizedStack.withAggregationsKeyAndRetainedData();
        Map<String, Object> key =
                getAtt(keyed.logicalId(keyed.stack().encryption().createdKey().orElseThrow()), "Arn");
        keyed.stack()
                .exactAggregations()
                .declaredTables()
                .values()
                .forEach(table -> assertThat(keyed.properties(table.table()).get("SSESpecification"))
                        .isEqualTo(Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", key)));
        assertThat(grants(keyed))
                .filteredOn(grant -> grant.actions().equals(new TreeSet<>(List.of("kms:Decrypt"))))
                .containsExactly(Grant.allow(key, "kms:Decrypt"));
    }

    @Test
    void eachNewTableHasAnOutputNamingIt() {
        Map<String, Map<String, Object>> outputs = declared.section("Outputs");
        declared.stack()
                .exactAggregations()
                .declaredTables()
                .forEach((label, table) -> assertThat(outputs.get(label + "TableName"))
                        .as(label)
                        .containsEntry("Value", ref(declared.logicalId(table.table()))));
        assertThat(outputs.get("MonthlyTotalsTableName"))
                .containsEntry("Description", "Totals of aggregation 'monthly_item_quantity'");
        assertThat(outputs).hasSize(deployed.section("Outputs").size() + 2);
    }

    @Test
    void declarationsPassedAsAJsonStringDeployTheSame() {
        assertThat(SynthesizedStack.withAggregationsFromCli().json()).isEqualTo(declared.json());
    }

    @Test
    void theEstimateOfTheEnvironmentIsItsSizeWithEveryTableNameAtItsLongest() {
        // What synth checks against Lambda's 4 KB is what the rendered environment takes with 255-character names.
        String longest = "x".repeat(DeclaredAggregations.TABLE_NAME_ESTIMATE);
        int rendered = variables(declared).entrySet().stream()
                .mapToInt(variable -> variable.getKey().length()
                        + join(variable.getValue(), id -> longest).getBytes(StandardCharsets.UTF_8).length)
                .sum();
        assertThat(DeclaredAggregations.environmentBytes(
                        declared.stack().exactAggregations().aggregations(), Contract.DEFAULT_METRICS_NAMESPACE))
                .isEqualTo(rendered)
                .isLessThanOrEqualTo(DeclaredAggregations.LAMBDA_ENVIRONMENT_BYTES);
    }

    /** A template value as CloudFormation resolves it: text, {@code Fn::Join} of values, {@code Ref} by {@code ref}. */
    private static String join(Object value, Function<String, String> ref) {
        if (value instanceof String text) {
            return text;
        }
        Map<?, ?> intrinsic = (Map<?, ?>) value;
        if (intrinsic.get("Ref") instanceof String id) {
            return ref.apply(id);
        }
        List<?> join = (List<?>) intrinsic.get("Fn::Join");
        assertThat(join).as("an Fn::Join or a Ref: %s", value).isNotNull();
        return ((List<?>) join.get(1))
                .stream().map(part -> join(part, ref)).collect(Collectors.joining((String) join.get(0)));
    }

    private static Map<String, Object> properties(String label) {
        return declared.properties(
                declared.stack().exactAggregations().totalsTable(label).table());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutKeysAndTags(Map<String, Object> resource) {
        Map<String, Object> copy = new LinkedHashMap<>(resource);
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) copy.get("Properties"));
        properties.keySet().removeAll(List.of("KeySchema", "AttributeDefinitions", "Tags"));
        copy.put("Properties", properties);
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) copy.get("Metadata"));
        // The backup-plan suppression's reason differs; its rules must not.
        metadata.computeIfPresent(
                "cdk_nag",
                (key, nag) -> ((List<Map<String, Object>>) ((Map<String, Object>) nag).get("rules_to_suppress"))
                        .stream().map(rule -> rule.get("id")).toList());
        copy.put("Metadata", metadata);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Synthesized synthesized) {
        Map<String, Object> function =
                synthesized.properties(synthesized.stack().aggregator().function());
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }

    private static Map<String, Object> arn(TotalsTable table) {
        return arn(declared, table);
    }

    private static Map<String, Object> arn(Synthesized synthesized, TotalsTable table) {
        return getAtt(synthesized.logicalId(table.table()), "Arn");
    }

    @SuppressWarnings("unchecked")
    private static List<Grant> grants(Synthesized synthesized) {
        IConstruct policy = synthesized.stack().aggregator().policy();
        Map<String, Object> document =
                (Map<String, Object>) synthesized.properties(policy).get("PolicyDocument");
        return ((List<Map<String, Object>>) document.get("Statement"))
                .stream().map(Grant::of).toList();
    }
}
