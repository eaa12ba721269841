package dev.ordertotals.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.infra.AggregatorFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Is every resource of the deployed stack there and wired as its template says, read back through the AWS SDK?
 * Template-driven (a Ref is the deployed physical id, a Fn::GetAtt what the owning service reports), plus the
 * README's promises spelled out: the orders stream, the {@code live} alias, the mapping on that alias with the
 * batch size the deploy was given, one inline policy on the role.
 */
final class StackWiring {

    private final DeployedStack stack;
    private final Template template;
    private final EngineClients clients;

    private StackWiring(DeployedStack stack, EngineClients clients) {
        this.stack = stack;
        this.template = stack.template;
        this.clients = clients;
    }

    static void assertWired(DeployedStack stack, EngineClients clients, int batchSize) {
        StackWiring wiring = new StackWiring(stack, clients);
        wiring.tables();
        wiring.queue();
        GetFunctionConfigurationResponse function = wiring.function();
        AliasConfiguration alias = wiring.alias(function);
        wiring.mapping(alias, batchSize);
        wiring.alarms();
        wiring.dashboard();
        wiring.logGroup();
        wiring.role(function);
        wiring.outputs();
    }

    /** Each table with the template's keys, attributes, billing mode, indexes and stream. */
    private void tables() {
        List<Template.Resource> tables = template.ofType("AWS::DynamoDB::Table");
        assertThat(tables).as("tables in the template").hasSize(3);
        for (Template.Resource table : tables) {
            TableDescription actual = clients.dynamo
                    .describeTable(r -> r.tableName(stack.physicalId(table)))
                    .table();
            String what = "table " + table.logicalId();
            assertThat(keys(actual.keySchema())).as(what + " key schema").isEqualTo(keys(table.property("KeySchema")));
            assertThat(actual.attributeDefinitions().stream()
                            .map(StackWiring::attribute)
                            .collect(Collectors.toSet()))
                    .as(what + " attribute definitions")
                    .isEqualTo(Template.elements(table.property("AttributeDefinitions")).stream()
                            .map(a -> a.path("AttributeName").asText() + ":"
                                    + a.path("AttributeType").asText())
                            .collect(Collectors.toSet()));
            assertThat(actual.billingModeSummary().billingModeAsString())
                    .as(what + " billing mode")
                    .isEqualTo(table.property("BillingMode").asText());
            Map<String, List<String>> indexes = actual.hasGlobalSecondaryIndexes()
                    ? actual.globalSecondaryIndexes().stream()
                            .collect(Collectors.toMap(
                                    GlobalSecondaryIndexDescription::indexName, index -> keys(index.keySchema())))
                    : Map.of();
            assertThat(indexes)
                    .as(what + " global secondary indexes")
                    .isEqualTo(Template.elements(table.property("GlobalSecondaryIndexes")).stream()
                            .collect(Collectors.toMap(
                                    index -> index.path("IndexName").asText(),
                                    index -> keys(index.path("KeySchema")))));
            JsonNode stream = table.property("StreamSpecification");
            if (stream.isMissingNode()) {
                assertThat(actual.streamSpecification() == null
                                || !actual.streamSpecification().streamEnabled())
                        .as(what + " has no stream")
                        .isTrue();
            } else {
                assertThat(actual.streamSpecification().streamViewTypeAsString())
                        .as(what + " stream")
                        .isEqualTo(stream.path("StreamViewType").asText());
                assertThat(actual.latestStreamArn()).as(what + " stream ARN").isNotBlank();
            }
            assertThat(clients.dynamo.listTagsOfResource(r -> r.resourceArn(actual.tableArn())).tags().stream()
                            .collect(Collectors.toMap(Tag::key, Tag::value)))
                    .as(what + " tags (the tools tell the pipeline's tables by them)")
                    .containsAllEntriesOf(tags(table))
                    .containsEntry(PipelineTags.PIPELINE, stack.stack.stackId());
        }
        Template.Resource orders =
                template.resource(Template.referencedId(mappingResource().property("EventSourceArn")));
        assertThat(clients.dynamo
                        .describeTable(r -> r.tableName(stack.physicalId(orders)))
                        .table()
                        .streamSpecification()
                        .streamViewType())
                .as("the orders table's stream (the mapping's source)")
                .isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    }

    /** The on-failure queue with the template's attributes and its TLS-only policy. */
    private void queue() {
        Template.Resource queue = template.only("AWS::SQS::Queue");
        String url = stack.physicalId(queue);
        Map<String, String> attributes = clients.sqs
                .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings();
        assertThat(clients.sqs.listQueueTags(r -> r.queueUrl(url)).tags())
                .as("queue tags")
                .containsAllEntriesOf(tags(queue))
                .containsEntry(PipelineTags.PIPELINE, stack.stack.stackId());
        queue.properties().properties().stream()
                .filter(property -> !property.getKey().equals("Tags"))
                .forEach(property -> assertThat(attributes.get(property.getKey()))
                        .as("queue attribute " + property.getKey())
                        .isEqualTo(stack.resolveText(property.getValue())));
        Template.Resource policy = template.only("AWS::SQS::QueuePolicy");
        assertThat(Template.elements(policy.property("Queues")))
                .as("queues of the queue policy")
                .singleElement()
                .satisfies(ref -> assertThat(Template.referencedId(ref)).isEqualTo(queue.logicalId()));
        assertThat(json(attributes.get("Policy")))
                .as("queue policy (TLS only)")
                .isEqualTo(stack.resolve(policy.property("PolicyDocument")));
    }

    /** The function's handler, runtime, memory, timeout, role and environment (the tables' deployed names). */
    private GetFunctionConfigurationResponse function() {
        Template.Resource function = template.only("AWS::Lambda::Function");
        GetFunctionConfigurationResponse actual =
                clients.lambda.getFunctionConfiguration(r -> r.functionName(stack.physicalId(function)));
        assertThat(actual.handler())
                .as("handler")
                .isEqualTo(function.property("Handler").asText());
        assertThat(actual.runtimeAsString())
                .as("runtime")
                .isEqualTo(function.property("Runtime").asText());
        assertThat(actual.memorySize())
                .as("memory")
                .isEqualTo(function.property("MemorySize").asInt());
        assertThat(actual.timeout())
                .as("timeout")
                .isEqualTo(function.property("Timeout").asInt());
        assertThat(actual.role()).as("role").isEqualTo(stack.resolveText(function.property("Role")));
        JsonNode environment = Template.JSON.valueToTree(actual.environment().variables());
        assertThat(environment)
                .as("environment")
                .isEqualTo(stack.resolve(function.property("Environment").path("Variables")));
        return actual;
    }

    /** Exactly one alias, {@code live}, on the version the stack published (not {@code $LATEST}). */
    private AliasConfiguration alias(GetFunctionConfigurationResponse function) {
        Template.Resource alias = template.only("AWS::Lambda::Alias");
        Template.Resource version = template.only("AWS::Lambda::Version");
        List<AliasConfiguration> aliases = clients.lambda
                .listAliases(r -> r.functionName(function.functionName()))
                .aliases();
        assertThat(aliases).as("aliases of the function").singleElement().satisfies(actual -> {
            assertThat(actual.name())
                    .isEqualTo(AggregatorFunction.ALIAS_NAME)
                    .isEqualTo(alias.property("Name").asText());
            assertThat(actual.aliasArn()).isEqualTo(stack.physicalId(alias));
            assertThat(actual.functionVersion())
                    .isNotEqualTo("$LATEST")
                    .isEqualTo(stack.resolveText(alias.property("FunctionVersion")));
            assertThat(stack.physicalId(version)).endsWith(":" + actual.functionVersion());
        });
        assertThat(clients.lambda
                        .listVersionsByFunction(r -> r.functionName(function.functionName()))
                        .versions())
                .extracting(FunctionConfiguration::version)
                .contains(aliases.getFirst().functionVersion());
        return aliases.getFirst();
    }

    /** One mapping: on the alias, from the orders stream, with the given batch size and the template's settings. */
    private void mapping(AliasConfiguration alias, int batchSize) {
        Template.Resource mapping = mappingResource();
        EventSourceMappingConfiguration actual = clients.lambda.listEventSourceMappings().eventSourceMappings().stream()
                .filter(candidate -> candidate.uuid().equals(stack.physicalId(mapping)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no event source mapping " + stack.physicalId(mapping)));
        assertThat(actual.functionArn())
                .as("the mapping's function: the live alias")
                .isEqualTo(alias.aliasArn());
        assertThat(actual.eventSourceArn())
                .as("the mapping's source")
                .isEqualTo(stack.resolveText(mapping.property("EventSourceArn")));
        assertThat(actual.batchSize())
                .as("batch size")
                .isEqualTo(batchSize)
                .isEqualTo(mapping.property("BatchSize").asInt());
        assertThat(actual.startingPositionAsString())
                .as("starting position")
                .isEqualTo(mapping.property("StartingPosition").asText());
        assertThat(actual.maximumRetryAttempts())
                .as("retries")
                .isEqualTo(mapping.property("MaximumRetryAttempts").asInt());
        assertThat(actual.maximumRecordAgeInSeconds())
                .as("maximum record age")
                .isEqualTo(mapping.property("MaximumRecordAgeInSeconds").asInt());
        assertThat(actual.bisectBatchOnFunctionError())
                .as("bisect")
                .isEqualTo(mapping.property("BisectBatchOnFunctionError").asBoolean());
        assertThat(actual.functionResponseTypesAsStrings())
                .as("function response types")
                .isEqualTo(Template.elements(mapping.property("FunctionResponseTypes")).stream()
                        .map(JsonNode::asText)
                        .toList());
        assertThat(actual.destinationConfig().onFailure().destination())
                .as("on-failure destination: the queue")
                .isEqualTo(stack.resolveText(
                        mapping.property("DestinationConfig").path("OnFailure").path("Destination")));
        assertThat(clients.lambda.listEventSourceMappings().eventSourceMappings())
                .as("mappings in the engine")
                .hasSize(1);
    }

    private Template.Resource mappingResource() {
        return template.only("AWS::Lambda::EventSourceMapping");
    }

    /** Every alarm with the template's metric, dimensions, statistic, period, threshold and comparison. */
    private void alarms() {
        List<Template.Resource> alarms = template.ofType("AWS::CloudWatch::Alarm");
        assertThat(alarms).as("alarms in the template").isNotEmpty();
        Map<String, JsonNode> actual = clients.cloudWatch.metricAlarms().stream()
                .collect(Collectors.toMap(alarm -> alarm.path("AlarmName").asText(), alarm -> alarm));
        for (Template.Resource alarm : alarms) {
            JsonNode deployed = actual.get(stack.physicalId(alarm));
            assertThat(deployed).as("alarm " + alarm.logicalId()).isNotNull();
            for (String field : List.of(
                    "MetricName",
                    "Namespace",
                    "Statistic",
                    "ComparisonOperator",
                    "TreatMissingData",
                    "AlarmDescription")) {
                assertThat(deployed.path(field).asText())
                        .as("alarm " + alarm.logicalId() + " " + field)
                        .isEqualTo(alarm.property(field).asText());
            }
            for (String field : List.of("Period", "EvaluationPeriods", "Threshold")) {
                assertThat(deployed.path(field).asDouble())
                        .as("alarm " + alarm.logicalId() + " " + field)
                        .isEqualTo(alarm.property(field).asDouble());
            }
            assertThat(deployed.path("Dimensions"))
                    .as("alarm " + alarm.logicalId() + " dimensions")
                    .isEqualTo(stack.resolve(alarm.property("Dimensions")));
        }
    }

    /** The dashboard, its body exactly the template's with the deployed names and ARNs in it. */
    private void dashboard() {
        Template.Resource dashboard = template.only("AWS::CloudWatch::Dashboard");
        String name = stack.physicalId(dashboard);
        assertThat(clients.cloudWatch.dashboardNames()).as("dashboards").contains(name);
        assertThat(clients.cloudWatch.dashboardBody(name))
                .as("dashboard body")
                .isEqualTo(json(stack.resolveText(dashboard.property("DashboardBody"))));
    }

    private void logGroup() {
        Template.Resource group = template.only("AWS::Logs::LogGroup");
        String name = stack.physicalId(group);
        assertThat(clients.logs
                        .describeLogGroups(r -> r.logGroupNamePrefix(name))
                        .logGroups())
                .as("log group " + name)
                .singleElement()
                .satisfies(actual -> assertThat(actual.retentionInDays())
                        .isEqualTo(group.property("RetentionInDays").asInt()));
    }

    /** The function's role: assumable by Lambda only, no managed policies, one inline policy as the template says. */
    private void role(GetFunctionConfigurationResponse function) {
        Template.Resource role = template.only("AWS::IAM::Role");
        String name = stack.physicalId(role);
        assertThat(function.role()).as("the function's role").endsWith("/" + name);
        assertThat(json(decoded(
                        clients.iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument())))
                .as("trust policy")
                .isEqualTo(stack.resolve(role.property("AssumeRolePolicyDocument")));
        assertThat(clients.iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies())
                .as("managed policies on the role")
                .isEmpty();
        Template.Resource policy = template.only("AWS::IAM::Policy");
        String policyName = policy.property("PolicyName").asText();
        assertThat(clients.iam.listRolePolicies(r -> r.roleName(name)).policyNames())
                .as("inline policies of the role")
                .containsExactly(policyName);
        assertThat(json(decoded(clients.iam
                        .getRolePolicy(r -> r.roleName(name).policyName(policyName))
                        .policyDocument())))
                .as("the role's policy: every statement on the deployed resources")
                .isEqualTo(stack.resolve(policy.property("PolicyDocument")));
    }

    /** Every output: the deployed name, URL or ARN the template's value refers to. */
    private void outputs() {
        assertThat(stack.outputs.keySet())
                .as("outputs")
                .isEqualTo(template.outputs().keySet());
        template.outputs()
                .forEach((key, value) ->
                        assertThat(stack.outputs.get(key)).as("output " + key).isEqualTo(stack.resolveText(value)));
    }

    /** The resource's {@code Tags} from the template, each value resolved as deployed. */
    private Map<String, String> tags(Template.Resource resource) {
        return Template.elements(resource.property("Tags")).stream()
                .collect(
                        Collectors.toMap(tag -> tag.path("Key").asText(), tag -> stack.resolveText(tag.path("Value"))));
    }

    private static List<String> keys(List<KeySchemaElement> schema) {
        return schema.stream()
                .map(key -> key.attributeName() + ":" + key.keyTypeAsString())
                .toList();
    }

    private static List<String> keys(JsonNode schema) {
        return Template.elements(schema).stream()
                .map(key -> key.path("AttributeName").asText() + ":"
                        + key.path("KeyType").asText())
                .toList();
    }

    private static String attribute(AttributeDefinition definition) {
        return definition.attributeName() + ":" + definition.attributeTypeAsString();
    }

    /** IAM returns policy documents URL-encoded. */
    private static String decoded(String document) {
        return document.startsWith("%7B") ? URLDecoder.decode(document, StandardCharsets.UTF_8) : document;
    }

    private static JsonNode json(String text) {
        try {
            return Template.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
