package dev.ordertotals.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ordertotals.localengine.LocalCdk;
import dev.ordertotals.localengine.MotoServer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A deployed stack as CloudFormation describes it, and the template's values resolved against what was deployed:
 * a {@code Ref} becomes the physical id, a {@code Fn::GetAtt} the attribute read from the service that owns the
 * resource, so "deployed as the template says" is an equality of JSON values.
 */
final class DeployedStack {

    /** CDK's analytics resource: CloudFormation accepts it and creates nothing; moto does not know the type. */
    static final String CDK_METADATA = "AWS::CDK::Metadata";

    private static final Set<StackStatus> COMPLETE =
            EnumSet.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE);

    final Template template;
    final Stack stack;
    final Map<String, StackResource> resources;
    final Map<String, String> outputs;
    private final EngineClients clients;

    private DeployedStack(Template template, Stack stack, Map<String, StackResource> resources, EngineClients clients) {
        this.template = template;
        this.stack = stack;
        this.resources = resources;
        this.outputs = stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
        this.clients = clients;
    }

    /**
     * The stack, checked to be complete: its status is a *_COMPLETE one and every resource of the template is there
     * with its type and a physical id. This is what a deploy's exit code cannot be trusted for: moto skips resource
     * types it does not know and reports the stack complete all the same, and through a change set the CLI prints
     * success after a failed execution.
     */
    static DeployedStack complete(EngineClients clients, String stackName, Template template) {
        Stack stack = clients.cloudFormation
                .describeStacks(request -> request.stackName(stackName))
                .stacks()
                .getFirst();
        if (!COMPLETE.contains(stack.stackStatus())) {
            throw new AssertionError("stack " + stackName + " is " + stack.stackStatusAsString() + ", not complete");
        }
        List<StackResource> described;
        try {
            described = clients.cloudFormation
                    .describeStackResources(request -> request.stackName(stackName))
                    .stackResources();
        } catch (SdkException e) {
            // moto answers HTTP 500 when a resource it skipped is listed: the stack is not what the template says.
            throw new AssertionError(
                    "CloudFormation cannot describe the resources of " + stackName + " (" + e.getMessage()
                            + "): some resource of the template was not created",
                    e);
        }
        Map<String, StackResource> byId = new LinkedHashMap<>();
        for (StackResource resource : described) {
            if (resource.logicalResourceId() != null) {
                byId.put(resource.logicalResourceId(), resource);
            }
        }
        List<String> missing = new ArrayList<>();
        for (Template.Resource expected : template.resources().values()) {
            if (expected.type().equals(CDK_METADATA)) {
                continue;
            }
            StackResource actual = byId.get(expected.logicalId());
            if (actual == null
                    || !expected.type().equals(actual.resourceType())
                    || actual.physicalResourceId() == null
                    || actual.physicalResourceId().isBlank()) {
                missing.add(expected.logicalId() + " (" + expected.type() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("stack " + stackName + " is " + stack.stackStatusAsString() + " but lacks "
                    + missing.size() + " of the " + "template's resources: " + String.join(", ", missing));
        }
        return new DeployedStack(template, stack, byId, clients);
    }

    String physicalId(String logicalId) {
        StackResource resource = resources.get(logicalId);
        if (resource == null) {
            throw new AssertionError("the stack has no resource " + logicalId);
        }
        return resource.physicalResourceId();
    }

    String physicalId(Template.Resource resource) {
        return physicalId(resource.logicalId());
    }

    /** The template's value with every Ref, Fn::GetAtt and Fn::Join replaced by what was deployed. */
    JsonNode resolve(JsonNode value) {
        if (value.isArray()) {
            ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
            value.forEach(element -> resolved.add(resolve(element)));
            return resolved;
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.size() == 1 && value.has("Ref")) {
            return TextNode.valueOf(ref(value.path("Ref").asText()));
        }
        if (value.size() == 1 && value.has("Fn::GetAtt")) {
            return TextNode.valueOf(getAtt(
                    value.path("Fn::GetAtt").path(0).asText(),
                    value.path("Fn::GetAtt").path(1).asText()));
        }
        if (value.size() == 1 && value.has("Fn::Join")) {
            String separator = value.path("Fn::Join").path(0).asText();
            return TextNode.valueOf(
                    Template.elements(resolve(value.path("Fn::Join").path(1))).stream()
                            .map(JsonNode::asText)
                            .collect(Collectors.joining(separator)));
        }
        if (value.size() == 1 && value.fieldNames().next().startsWith("Fn::")) {
            throw new AssertionError("the lifecycle test cannot resolve " + value + ": teach DeployedStack.resolve");
        }
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        value.properties().forEach(entry -> resolved.set(entry.getKey(), resolve(entry.getValue())));
        return resolved;
    }

    String resolveText(JsonNode value) {
        return resolve(value).asText();
    }

    private String ref(String id) {
        return switch (id) {
            case "AWS::Region" -> MotoServer.REGION;
            case "AWS::AccountId" -> LocalCdk.ACCOUNT;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::StackName" -> stack.stackName();
            case "AWS::StackId" -> stack.stackId();
            default -> physicalId(id);
        };
    }

    /** The attribute as the service owning the resource reports it (not as CloudFormation does). */
    private String getAtt(String id, String attribute) {
        String type = template.resource(id).type();
        String physicalId = physicalId(id);
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" ->
                clients.dynamo
                        .describeTable(r -> r.tableName(physicalId))
                        .table()
                        .tableArn();
            case "AWS::DynamoDB::Table.StreamArn" ->
                clients.dynamo
                        .describeTable(r -> r.tableName(physicalId))
                        .table()
                        .latestStreamArn();
            case "AWS::SQS::Queue.Arn" ->
                clients.sqs
                        .getQueueAttributes(r -> r.queueUrl(physicalId).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes()
                        .get(QueueAttributeName.QUEUE_ARN);
            case "AWS::SQS::Queue.QueueName" -> Inventory.queueName(physicalId);
            case "AWS::SQS::Queue.QueueUrl" -> physicalId;
            case "AWS::Logs::LogGroup.Arn" ->
                clients.logs.describeLogGroups(r -> r.logGroupNamePrefix(physicalId)).logGroups().stream()
                        .filter(group -> group.logGroupName().equals(physicalId))
                        .findFirst()
                        .orElseThrow()
                        .arn();
            case "AWS::IAM::Role.Arn" ->
                clients.iam.getRole(r -> r.roleName(physicalId)).role().arn();
            case "AWS::Lambda::Function.Arn" ->
                clients.lambda
                        .getFunctionConfiguration(r -> r.functionName(physicalId))
                        .functionArn();
            case "AWS::Lambda::Version.Version" -> physicalId.substring(physicalId.lastIndexOf(':') + 1);
            case "AWS::CloudWatch::Alarm.Arn" ->
                clients.cloudWatch.metricAlarms().stream()
                        .filter(alarm -> alarm.path("AlarmName").asText().equals(physicalId))
                        .findFirst()
                        .orElseThrow()
                        .path("AlarmArn")
                        .asText();
            case "AWS::KMS::Key.Arn" ->
                clients.kms.describeKey(r -> r.keyId(physicalId)).keyMetadata().arn();
            default ->
                throw new AssertionError(
                        "the lifecycle test cannot read " + type + "." + attribute + ": teach DeployedStack.getAtt");
        };
    }
}
