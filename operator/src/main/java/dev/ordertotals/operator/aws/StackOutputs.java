package dev.ordertotals.operator.aws;

import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;

/** A deployed stack's outputs: the table names and queue URL the tools need, by the keys in {@code StackOutputNames}. */
public record StackOutputs(String stackName, Map<String, String> values) {

    /** @param where where the stack was looked for, for the "no such stack" line ({@link AwsClients#scope()}) */
    public static StackOutputs read(CloudFormationClient cloudFormation, String stackName, String where) {
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
            String message = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            if (message != null && message.contains("does not exist")) {
                throw new IllegalArgumentException("--stack " + stackName + ": no such stack at " + where
                        + "; check the name (aws cloudformation list-stacks), --region and --profile");
            }
            throw new IllegalArgumentException("Cannot read stack " + stackName + ": " + message);
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
