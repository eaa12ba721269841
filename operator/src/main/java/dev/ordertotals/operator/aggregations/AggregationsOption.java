package dev.ordertotals.operator.aggregations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.operator.aws.StackResources;
import dev.ordertotals.stream.AggregationsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code --aggregations JSON|@FILE}: the aggregations the function runs, as its {@code AGGREGATIONS} variable holds
 * them (a JSON list, each {@code table} a table's name), read and checked as the function reads them. Without it, the
 * source document's aggregation alone, on the totals table: what a stack that declares no aggregation runs.
 */
public final class AggregationsOption {

    public static final String OPTION = "--aggregations";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = OPTION,
            paramLabel = "JSON|@FILE",
            description = "The aggregations the function runs, as its " + FunctionEnvironment.AGGREGATIONS
                    + " variable holds them (JSON, or @FILE to read it from a file): aws lambda"
                    + " get-function-configuration --function-name FUNCTION --query Environment.Variables."
                    + FunctionEnvironment.AGGREGATIONS + " --output text > aggregations.json. Needed when the"
                    + " stack declares aggregations. Default: the source document's aggregation ("
                    + Aggregation.ORDER_TOTALS + ") alone, on the totals table.")
    String declared;

    private Optional<Aggregations> parsed;
    private String parsedFrom;

    /**
     * {@value #OPTION}, read and checked (once): empty when it is not given. A refusal is an
     * {@link IllegalArgumentException} naming the option and what is wrong; call it before anything is read.
     */
    public Optional<Aggregations> declared() {
        if (parsed == null || !Objects.equals(parsedFrom, declared)) {
            parsed = declared == null ? Optional.empty() : Optional.of(parse(declared));
            parsedFrom = declared;
        }
        return parsed;
    }

    /** The aggregations the function runs: {@value #OPTION}, else the source document's alone on {@code totals}. */
    public Aggregations configured(String totals) {
        return declared().orElseGet(() -> Aggregations.orderTotals(totals));
    }

    /**
     * With {@code --stack}: refuses to go on without {@value #OPTION} when the stack declares aggregations (its
     * outputs name totals tables beside {@code TotalsTableName}): with the default alone, a tool would read their
     * ledger parts as leftovers (and {@code reconcile} drop them). With it, warns of a declared table no aggregation
     * given keeps its totals in (the JSON may be another stack's, or older than the stack).
     */
    public void checkAgainst(StackResources stack, Consumer<String> warnings) {
        Map<String, String> tables = stack.declaredTotalsTables();
        if (tables.isEmpty()) {
            return;
        }
        Optional<Aggregations> aggregations = declared();
        if (aggregations.isEmpty()) {
            throw new IllegalArgumentException(needed(stack, tables));
        }
        Set<String> used =
                aggregations.get().all().stream().map(Aggregation::table).collect(Collectors.toSet());
        tables.forEach((output, table) -> {
            if (!used.contains(table)) {
                warnings.accept("warning: stack " + stack.stack().orElseThrow() + "'s output " + output
                        + " names table "
                        + table + ", which no aggregation of " + OPTION + " keeps its totals in: is it the function's"
                        + " current " + FunctionEnvironment.AGGREGATIONS + "?");
            }
        });
    }

    /** Why {@value #OPTION} is needed with this stack, and how to get it. */
    static String needed(StackResources stack, Map<String, String> tables) {
        return "stack " + stack.stack().orElseThrow() + " declares aggregations (outputs "
                + String.join(", ", tables.keySet()) + " name their totals tables): pass them with " + OPTION
                + ", as the function holds them: "
                + command(stack.functionName().orElse("FUNCTION")) + " > "
                + "aggregations.json, then " + OPTION + " @aggregations.json";
    }

    /** The AWS CLI command that prints the function's {@code AGGREGATIONS}. */
    public static String command(String function) {
        return "aws lambda get-function-configuration --function-name " + function + " --query Environment.Variables."
                + FunctionEnvironment.AGGREGATIONS + " --output text";
    }

    private static Aggregations parse(String value) {
        String json = value;
        String where = OPTION;
        if (value.startsWith("@")) {
            Path file = Path.of(value.substring(1));
            where = OPTION + " " + value;
            try {
                json = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(where + ": no such file");
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        where + ": cannot read it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        json = unquoted(json.strip(), where);
        if (json.isEmpty() || json.equals("None") || json.equals("null")) {
            throw new IllegalArgumentException(
                    where + " is empty: a function without " + FunctionEnvironment.AGGREGATIONS
                            + " runs the source document's aggregation alone; leave " + OPTION + " out");
        }
        try {
            return AggregationsConfig.fromJson(json);
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException(
                    where + ": not a list of aggregations as the function reads them (" + invalid.getMessage() + ")",
                    invalid);
        }
    }

    /** The AWS CLI's JSON output quotes the variable's value: a JSON string holding the list is taken for the list. */
    private static String unquoted(String json, String where) {
        if (!json.startsWith("\"")) {
            return json;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.isTextual() ? node.asText().strip() : json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
