package dev.ordertotals.localengine.template;

import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.template.FunctionSpec.EnvValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's tables and queues, created on the local engine under {@code <prefix>-<logicalId>} names with their
 * tags, and the function's environment resolved against them. The prefix stands for the stack: {@code AWS::StackName}
 * is the prefix, {@code AWS::StackId} a stack ARN made up for it (unique per deployment, as CloudFormation's is), so
 * the tables carry the pipeline identity a deployed stack gives them. Nothing of the function or its event source
 * mapping is created there: moto would try to run them (in Docker) and consume the stream.
 */
public record LocalDeployment(
        String prefix,
        String stackId,
        Map<String, String> tableNames,
        Map<String, String> tableArns,
        Map<String, String> streamArns,
        Map<String, String> queueUrls,
        Map<String, String> queueArns) {

    public static LocalDeployment create(StackTemplate template, DynamoDbClient dynamo, SqsClient sqs, String prefix) {
        String stackId = "arn:aws:cloudformation:" + MotoServer.REGION + ":123456789012:stack/" + prefix + "/"
                + UUID.randomUUID();
        Map<String, String> planned = new LinkedHashMap<>();
        template.tables().keySet().forEach(id -> planned.put(id, prefix + "-" + id));
        Function<EnvValue, String> tagValue = value -> tagValue(value, stackId, prefix, planned);
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> arns = new LinkedHashMap<>();
        Map<String, String> streams = new LinkedHashMap<>();
        for (TableSpec table : template.tables().values()) {
            String name = prefix + "-" + table.logicalId();
            TableDescription created = createTable(dynamo, table, name, resolve(table.tags(), tagValue));
            table.timeToLiveAttribute()
                    .ifPresent(attribute -> dynamo.updateTimeToLive(request -> request.tableName(name)
                            .timeToLiveSpecification(
                                    spec -> spec.attributeName(attribute).enabled(true))));
            names.put(table.logicalId(), name);
            arns.put(table.logicalId(), created.tableArn());
            if (created.latestStreamArn() != null) {
                streams.put(table.logicalId(), created.latestStreamArn());
            }
        }
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> queueArns = new LinkedHashMap<>();
        for (QueueSpec queue : template.queues().values()) {
            String name = prefix + "-" + queue.logicalId() + (queue.fifo() ? ".fifo" : "");
            Map<String, String> attributes = new LinkedHashMap<>(queue.attributes());
            if (queue.fifo()) {
                attributes.put("FifoQueue", "true");
            }
            Map<String, String> tags = resolve(queue.tags(), tagValue);
            String url = sqs.createQueue(request -> {
                        request.queueName(name).attributesWithStrings(attributes);
                        if (!tags.isEmpty()) {
                            request.tags(tags);
                        }
                    })
                    .queueUrl();
            urls.put(queue.logicalId(), url);
            queueArns.put(
                    queue.logicalId(),
                    sqs.getQueueAttributes(
                                    request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes()
                            .get(QueueAttributeName.QUEUE_ARN));
        }
        return new LocalDeployment(
                prefix,
                stackId,
                Map.copyOf(names),
                Map.copyOf(arns),
                Map.copyOf(streams),
                Map.copyOf(urls),
                Map.copyOf(queueArns));
    }

    public String tableName(String logicalId) {
        return require(tableNames, logicalId, "table");
    }

    public String streamArn(String logicalId) {
        return require(streamArns, logicalId, "stream of table");
    }

    public String queueUrl(String logicalId) {
        return require(queueUrls, logicalId, "queue");
    }

    public String functionName(FunctionSpec function) {
        return prefix + "-" + function.logicalId();
    }

    /**
     * The function's variables with each reference replaced by the local resource's name, URL or ARN (inside an
     * {@code Fn::Join} too: {@code AGGREGATIONS} names the local totals tables).
     */
    public Map<String, String> environment(FunctionSpec function) {
        Map<String, String> environment = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> environment.put(name, resolve(name, value)));
        return environment;
    }

    private String resolve(String variable, EnvValue value) {
        return switch (value) {
            case EnvValue.Literal(String literal) -> literal;
            case EnvValue.Ref(String id) when id.equals("AWS::Region") -> MotoServer.REGION;
            case EnvValue.Ref(String id) when tableNames.containsKey(id) -> tableNames.get(id);
            case EnvValue.Ref(String id) when queueUrls.containsKey(id) -> queueUrls.get(id);
            case EnvValue.GetAtt(String id, String attribute)
            when attribute.equals("Arn") && tableArns.containsKey(id) -> tableArns.get(id);
            case EnvValue.GetAtt(String id, String attribute)
            when attribute.equals("StreamArn") && streamArns.containsKey(id) -> streamArns.get(id);
            case EnvValue.GetAtt(String id, String attribute)
            when attribute.equals("Arn") && queueArns.containsKey(id) -> queueArns.get(id);
            case EnvValue.Join(String delimiter, List<EnvValue> parts) ->
                join(delimiter, parts, part -> resolve(variable, part));
            default ->
                throw new IllegalArgumentException("environment variable " + variable + " refers to " + value
                        + ", which the local run does not create");
        };
    }

    /** A tag's value: the stack's pseudo parameters, the planned table names, and joins of those. */
    private static String tagValue(EnvValue value, String stackId, String prefix, Map<String, String> tableNames) {
        return switch (value) {
            case EnvValue.Literal(String literal) -> literal;
            case EnvValue.Ref(String id) when id.equals("AWS::StackId") -> stackId;
            case EnvValue.Ref(String id) when id.equals("AWS::StackName") -> prefix;
            case EnvValue.Ref(String id) when tableNames.containsKey(id) -> tableNames.get(id);
            case EnvValue.Join(String delimiter, List<EnvValue> parts) ->
                join(delimiter, parts, part -> tagValue(part, stackId, prefix, tableNames));
            default ->
                throw new IllegalArgumentException(
                        "a tag refers to " + value + ", which the local run does not resolve");
        };
    }

    private static String join(String delimiter, List<EnvValue> parts, Function<EnvValue, String> resolve) {
        return parts.stream().map(resolve).collect(Collectors.joining(delimiter));
    }

    private static Map<String, String> resolve(
            Map<String, FunctionSpec.EnvValue> tags, Function<FunctionSpec.EnvValue, String> value) {
        Map<String, String> resolved = new LinkedHashMap<>();
        tags.forEach((key, tag) -> resolved.put(key, value.apply(tag)));
        return resolved;
    }

    private static TableDescription createTable(
            DynamoDbClient dynamo, TableSpec table, String name, Map<String, String> tags) {
        return dynamo.createTable(request -> {
                    request.tableName(name)
                            .keySchema(table.keySchema().stream()
                                    .map(key -> KeySchemaElement.builder()
                                            .attributeName(key.name())
                                            .keyType(key.keyType())
                                            .build())
                                    .toList())
                            .attributeDefinitions(table.attributes().stream()
                                    .map(attribute -> AttributeDefinition.builder()
                                            .attributeName(attribute.name())
                                            .attributeType(attribute.type())
                                            .build())
                                    .toList())
                            .billingMode(BillingMode.PAY_PER_REQUEST);
                    if (!tags.isEmpty()) {
                        request.tags(tags.entrySet().stream()
                                .map(tag -> Tag.builder()
                                        .key(tag.getKey())
                                        .value(tag.getValue())
                                        .build())
                                .toList());
                    }
                    table.streamViewType()
                            .ifPresent(view -> request.streamSpecification(
                                    spec -> spec.streamEnabled(true).streamViewType(view)));
                    if (!table.globalSecondaryIndexes().isEmpty()) {
                        request.globalSecondaryIndexes(table.globalSecondaryIndexes().stream()
                                .map(index -> GlobalSecondaryIndex.builder()
                                        .indexName(index.name())
                                        .keySchema(index.keySchema().stream()
                                                .map(key -> KeySchemaElement.builder()
                                                        .attributeName(key.name())
                                                        .keyType(key.keyType())
                                                        .build())
                                                .toList())
                                        .projection(projection -> {
                                            projection.projectionType(index.projectionType());
                                            if (!index.nonKeyAttributes().isEmpty()) {
                                                projection.nonKeyAttributes(index.nonKeyAttributes());
                                            }
                                        })
                                        .build())
                                .toList());
                    }
                })
                .tableDescription();
    }

    private static String require(Map<String, String> map, String logicalId, String what) {
        String value = map.get(logicalId);
        if (value == null) {
            throw new IllegalArgumentException("no local " + what + " " + logicalId);
        }
        return value;
    }
}
