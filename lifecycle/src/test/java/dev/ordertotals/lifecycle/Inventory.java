package dev.ordertotals.lifecycle;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Everything in the engine the stack could create, by kind: tables, queues, functions with their aliases and
 * versions, mappings, alarms, dashboards, log groups, roles with their inline policies, managed policies, keys,
 * topics and stacks. "Nothing is left" and "nothing else was made" are equalities of two inventories.
 */
record Inventory(Map<String, Set<String>> byKind) {

    static Inventory of(EngineClients clients) {
        Map<String, Set<String>> kinds = new TreeMap<>();
        kinds.put("AWS::DynamoDB::Table", set(clients.dynamo.listTables().tableNames()));
        kinds.put(
                "AWS::SQS::Queue",
                clients.sqs.listQueues().queueUrls().stream()
                        .map(Inventory::queueName)
                        .collect(toSet()));
        var functions = clients.lambda.listFunctions().functions().stream()
                .map(FunctionConfiguration::functionName)
                .toList();
        kinds.put("AWS::Lambda::Function", set(functions));
        kinds.put(
                "AWS::Lambda::Alias",
                functions.stream()
                        .flatMap(name -> clients.lambda.listAliases(r -> r.functionName(name)).aliases().stream()
                                .map(alias -> alias.aliasArn()))
                        .collect(toSet()));
        kinds.put(
                "AWS::Lambda::Version",
                functions.stream()
                        .flatMap(name ->
                                clients.lambda.listVersionsByFunction(r -> r.functionName(name)).versions().stream()
                                        .filter(version -> !version.version().equals("$LATEST"))
                                        .map(FunctionConfiguration::functionArn))
                        .collect(toSet()));
        kinds.put(
                "AWS::Lambda::EventSourceMapping",
                clients.lambda.listEventSourceMappings().eventSourceMappings().stream()
                        .map(mapping -> mapping.uuid())
                        .collect(toSet()));
        kinds.put(
                "AWS::CloudWatch::Alarm",
                clients.cloudWatch.metricAlarms().stream()
                        .map(alarm -> alarm.path("AlarmName").asText())
                        .collect(toSet()));
        kinds.put("AWS::CloudWatch::Dashboard", set(clients.cloudWatch.dashboardNames()));
        kinds.put(
                "AWS::Logs::LogGroup",
                clients.logs.describeLogGroups().logGroups().stream()
                        .map(group -> group.logGroupName())
                        .collect(toSet()));
        var roles = clients.iam.listRoles().roles().stream()
                .map(role -> role.roleName())
                .toList();
        kinds.put("AWS::IAM::Role", set(roles));
        kinds.put(
                "AWS::IAM::Policy",
                roles.stream()
                        .flatMap(role -> clients.iam.listRolePolicies(r -> r.roleName(role)).policyNames().stream()
                                .map(policy -> role + "/" + policy))
                        .collect(toSet()));
        kinds.put(
                "AWS::IAM::ManagedPolicy",
                clients.iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)).policies().stream()
                        .map(policy -> policy.arn())
                        .collect(toSet()));
        // Not AWS-managed keys (alias/aws/SERVICE): a service makes one on its first encrypted resource in the account
        // (moto makes alias/aws/dynamodb with the first encrypted table, as AWS does); no stack owns or deletes it.
        Set<String> awsManaged = clients.kms.listAliases().aliases().stream()
                .filter(alias -> alias.aliasName().startsWith("alias/aws/") && alias.targetKeyId() != null)
                .map(alias -> alias.targetKeyId())
                .collect(toSet());
        kinds.put(
                "AWS::KMS::Key",
                clients.kms.listKeys().keys().stream()
                        .map(key -> key.keyId())
                        .filter(id -> !awsManaged.contains(id))
                        .collect(toSet()));
        kinds.put(
                "AWS::SNS::Topic",
                clients.sns.listTopics().topics().stream()
                        .map(topic -> topic.topicArn())
                        .collect(toSet()));
        kinds.put(
                "AWS::CloudFormation::Stack",
                clients.cloudFormation.listStacks().stackSummaries().stream()
                        .filter(stack -> stack.stackStatus() != StackStatus.DELETE_COMPLETE)
                        .map(StackSummary::stackName)
                        .collect(toSet()));
        return new Inventory(kinds);
    }

    /**
     * This inventory plus what {@code stack} consists of, each resource under its kind and id: what the engine must
     * hold after a deploy. A resource of a kind the inventory does not list fails, so a new kind of resource in the
     * stack cannot go unchecked.
     */
    Inventory plus(DeployedStack stack, String stackName) {
        Map<String, Set<String>> kinds = copy();
        kinds.get("AWS::CloudFormation::Stack").add(stackName);
        for (Template.Resource resource : stack.template.resources().values()) {
            String physicalId = resource.type().equals(DeployedStack.CDK_METADATA) ? null : stack.physicalId(resource);
            switch (resource.type()) {
                case DeployedStack.CDK_METADATA, "AWS::SQS::QueuePolicy" -> {
                    // nothing of its own: CDK's metadata; the queue's Policy attribute (checked with the queue)
                }
                case "AWS::SQS::Queue" -> kinds.get(resource.type()).add(queueName(physicalId));
                case "AWS::IAM::Policy" ->
                    Template.elements(resource.property("Roles"))
                            .forEach(role -> kinds.get(resource.type())
                                    .add(stack.physicalId(Template.referencedId(role)) + "/"
                                            + resource.property("PolicyName").asText()));
                default -> {
                    Set<String> ids = kinds.get(resource.type());
                    if (ids == null) {
                        throw new AssertionError("the stack has a " + resource.type() + " (" + resource.logicalId()
                                + "), which the lifecycle test does not look for: teach Inventory");
                    }
                    ids.add(physicalId);
                }
            }
        }
        return new Inventory(kinds);
    }

    /** This inventory plus the given ids of the given kinds (what {@code cdk destroy} must leave behind). */
    Inventory plus(Map<String, Set<String>> extra) {
        Map<String, Set<String>> kinds = copy();
        extra.forEach((kind, ids) -> kinds.get(kind).addAll(ids));
        return new Inventory(kinds);
    }

    /** Per kind, what this has and {@code other} has not (for messages). */
    Map<String, Set<String>> minus(Inventory other) {
        Map<String, Set<String>> difference = new TreeMap<>();
        byKind.forEach((kind, ids) -> {
            Set<String> only = new TreeSet<>(ids);
            only.removeAll(other.byKind.getOrDefault(kind, Set.of()));
            if (!only.isEmpty()) {
                difference.put(kind, only);
            }
        });
        return difference;
    }

    static String queueName(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private Map<String, Set<String>> copy() {
        Map<String, Set<String>> kinds = new TreeMap<>();
        byKind.forEach((kind, ids) -> kinds.put(kind, new TreeSet<>(ids)));
        return kinds;
    }

    private static Set<String> set(Collection<String> values) {
        return new TreeSet<>(values);
    }

    private static Collector<String, ?, Set<String>> toSet() {
        return Collectors.toCollection(TreeSet::new);
    }
}
