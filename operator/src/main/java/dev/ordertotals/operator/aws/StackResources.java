package dev.ordertotals.operator.aws;

import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** Resource names from explicit options, else from a deployed stack's outputs (read once, only if needed). */
public final class StackResources {

    private final AwsClients clients;
    private final String stack;
    private StackOutputs outputs;

    /** @param stack the stack name, or null when every name is given explicitly */
    public StackResources(AwsClients clients, String stack) {
        this.clients = clients;
        this.stack = stack;
    }

    /** {@code explicit} if given, else the stack's output {@code outputKey}, else empty (no stack named). */
    public Optional<String> name(String explicit, String outputKey) {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        if (stack == null) {
            return Optional.empty();
        }
        if (outputs == null) {
            try (CloudFormationClient cloudFormation = clients.cloudFormation()) {
                outputs = StackOutputs.read(cloudFormation, stack, clients.scope());
            }
        }
        return Optional.of(outputs.get(outputKey));
    }
}
