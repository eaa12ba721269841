package dev.ordertotals.operator.aws;

import dev.ordertotals.contract.StackOutputNames;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** Resource names from explicit options, else from a deployed stack's outputs (read once, only if needed). */
public final class StackResources {

    private static final String TABLE_OUTPUT_SUFFIX = "TableName";
    private static final Set<String> PIPELINE_TABLE_OUTPUTS =
            Set.of(StackOutputNames.ORDERS_TABLE, StackOutputNames.TOTALS_TABLE, StackOutputNames.LEDGER_TABLE);

    private final AwsClients clients;
    private final String stack;
    private StackOutputs outputs;

    /** @param stack the stack name, or null when every name is given explicitly */
    public StackResources(AwsClients clients, String stack) {
        this.clients = clients;
        this.stack = stack;
    }

    /**
     * The totals tables of the aggregations the stack declares, by output ({@code <label>TableName}, one per table
     * beside {@code TotalsTableName}); empty when no stack is named (or it declares none).
     */
    public Map<String, String> declaredTotalsTables() {
        if (stack == null) {
            return Map.of();
        }
        Map<String, String> declared = new TreeMap<>();
        outputs().values().forEach((key, value) -> {
            if (key.endsWith(TABLE_OUTPUT_SUFFIX) && !PIPELINE_TABLE_OUTPUTS.contains(key)) {
                declared.put(key, value);
            }
        });
        return declared;
    }

    /** The stack's function, if a stack is named (and it says). */
    public Optional<String> functionName() {
        return stack == null
                ? Optional.empty()
                : Optional.ofNullable(outputs().values().get(StackOutputNames.FUNCTION_NAME));
    }

    /** The stack named, if any. */
    public Optional<String> stack() {
        return Optional.ofNullable(stack);
    }

    /** {@code explicit} if given, else the stack's output {@code outputKey}, else empty (no stack named). */
    public Optional<String> name(String explicit, String outputKey) {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        if (stack == null) {
            return Optional.empty();
        }
        return Optional.of(outputs().get(outputKey));
    }

    private StackOutputs outputs() {
        if (outputs == null) {
            try (CloudFormationClient cloudFormation = clients.cloudFormation()) {
                outputs = StackOutputs.read(cloudFormation, stack, clients.scope());
            }
        }
        return outputs;
    }
}
