package dev.ordertotals.operator.aws;

import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;

/** A deployed stack's outputs: the table names and queue URL the tools need, by the keys in {@code StackOutputNames}. */
public record StackOutputs(String stackName, Map<String, String> values) {

    public static StackOutputs read(CloudFormationClient cloudFormation, String stackName) {
        try {
            var stacks = cloudFormation
                    .describeStacks(request -> request.stackName(stackName))
                    .stacks();
            if (stacks.isEmpty()) {
                throw new IllegalArgumentException("Stack " + stackName + " not found");
            }
            return new StackOutputs(
                    stackName,
                    stacks.getFirst().outputs().stream()
                            .collect(Collectors.toMap(Output::outputKey, Output::outputValue)));
        } catch (CloudFormationException e) {
            throw new IllegalArgumentException("Cannot read stack " + stackName + ": "
                    + e.awsErrorDetails().errorMessage());
        }
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(
                    "Stack " + stackName + " has no output " + key + " (outputs: " + values.keySet() + ")");
        }
        return value;
    }
}
