package dev.ordertotals.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.constructs.Node;

/**
 * The aggregations declared beside the default one ({@link Aggregation#orderTotals}), which is kept unless the
 * construct is told otherwise ({@link ExactAggregationsProps#keepOrderTotals()}: then they are all there is). A
 * declaration's {@code table} is a <em>label</em>: {@value #DEFAULT_TABLE} is the default totals table (an aggregation
 * keyed by its keys, {@code [order_date, item_number]}, adds its measures there), any other label names a totals table
 * the construct creates, keyed by the {@code groupBy} attributes of the aggregations that share it. A label is 1 to 64
 * letters and digits, starting with a letter: it is the table's construct id, and {@code <label>TableName} its stack
 * output in {@link OrderTotalsStack}.
 *
 * <p>Checked before anything is built, with messages naming the aggregation and the field: the declarations
 * themselves ({@link AggregationDeclarations#check}, over the default and the declared ones together), the labels,
 * and the size of the function's environment, which carries them ({@link FunctionEnvironment#AGGREGATIONS}) and which
 * Lambda limits to {@value #LAMBDA_ENVIRONMENT_BYTES} bytes in all.
 */
public final class DeclaredAggregations {

    /** The label of the default totals table ({@code tabla_totales}). */
    public static final String DEFAULT_TABLE = "totals";

    /** Lambda's limit on all of a function's environment variables together, names and values. */
    public static final int LAMBDA_ENVIRONMENT_BYTES = 4 * 1024;

    /**
     * What a table's name, unknown until deploy, is counted at: DynamoDB's longest ({@code <stack>-<logical id>-<suffix>}
     * as CloudFormation generates it is shorter).
     */
    public static final int TABLE_NAME_ESTIMATE = 255;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    /**
     * Labels that would clash with the construct's own children (construct ids), with CDK's special ids, or with
     * the stack's other table outputs ({@code OrdersTableName}, {@code TotalsTableName}, {@code StateTableName}),
     * compared ignoring case.
     */
    static final Set<String> RESERVED_LABELS = Set.of(
            "dataencryption",
            "orderstable",
            "totalstable",
            "aggregatorstatetable",
            "onfailurequeue",
            "aggregatorfunction",
            "aggregatormonitoring",
            "default",
            "resource",
            "orders",
            "totals",
            "state",
            "ledger");

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private DeclaredAggregations() {}

    /**
     * The declarations of context key {@value OrderTotalsSettings.Keys#AGGREGATIONS}: a JSON list as cdk.json holds
     * it, or the same list as a JSON string (what {@code -c aggregations='[...]'} passes); unset, empty or blank means
     * none. Checked as {@link #check} does; a refusal starts with {@code context 'aggregations': }.
     */
    public static List<Aggregation> fromContext(Node node, OrderTotalsSettings settings) {
        Object value = node.tryGetContext(OrderTotalsSettings.Keys.AGGREGATIONS);
        try {
            List<Aggregation> declared = parse(value);
            check(declared, settings.metricsNamespace());
            return declared;
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(
                    "context '" + OrderTotalsSettings.Keys.AGGREGATIONS + "': " + invalid.getMessage(), invalid);
        }
    }

    private static List<Aggregation> parse(Object value) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            return List.of();
        }
        Object plain;
        if (value instanceof String text) {
            try {
                plain = JSON.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "not JSON: " + e.getOriginalMessage() + " (expected a list of aggregations)", e);
            }
        } else {
            // cdk.json's value, through the CDK: already lists and maps; normalized to plain Java values.
            plain = JSON.convertValue(value, Object.class);
        }
        return AggregationDeclarations.fromPlain(plain);
    }

    /**
     * Checks declared aggregations (built in code, or read by {@link #fromContext}) against the default one and each
     * other, their table labels, and what the function's environment can carry with {@code metricsNamespace}; throws
     * {@link IllegalArgumentException} naming the aggregation and the field.
     */
    public static void check(List<Aggregation> declared, String metricsNamespace) {
        check(declared, metricsNamespace, true);
    }

    /**
     * As {@link #check(List, String)}; without {@code keepOrderTotals} the declared aggregations are all there is:
     * checked among themselves, at least one, none into {@value #DEFAULT_TABLE} (which is then not created).
     */
    public static void check(List<Aggregation> declared, String metricsNamespace, boolean keepOrderTotals) {
        if (!keepOrderTotals && declared.isEmpty()) {
            throw new IllegalArgumentException("keepOrderTotals(false) keeps only the declared aggregations, and none"
                    + " is declared: declare at least one");
        }
        AggregationDeclarations.check(all(declared, keepOrderTotals));
        Map<String, Aggregation> byLowerCaseLabel = new LinkedHashMap<>();
        for (Aggregation aggregation : declared) {
            checkLabel(aggregation);
            if (!keepOrderTotals && aggregation.table().equals(DEFAULT_TABLE)) {
                throw new IllegalArgumentException("aggregation '" + aggregation.name() + "': table: label '"
                        + DEFAULT_TABLE + "' is the default totals table, which keepOrderTotals(false) leaves out;"
                        + " choose a label for a table of its own");
            }
            Aggregation first = byLowerCaseLabel.putIfAbsent(aggregation.table().toLowerCase(Locale.ROOT), aggregation);
            if (first != null && !first.table().equals(aggregation.table())) {
                throw new IllegalArgumentException("aggregation '" + aggregation.name() + "': table: label '"
                        + aggregation.table() + "' differs from the label '" + first.table() + "' of aggregation '"
                        + first.name() + "' only in case; spell one table's label one way");
            }
        }
        List<Aggregation> fitting = new ArrayList<>(all(List.of(), keepOrderTotals));
        for (Aggregation aggregation : declared) {
            fitting.add(aggregation);
            int bytes = environmentBytes(fitting, metricsNamespace, keepOrderTotals);
            if (bytes > LAMBDA_ENVIRONMENT_BYTES) {
                throw new IllegalArgumentException("aggregation '" + aggregation.name()
                        + "': the function's environment"
                        + " would take about " + bytes + " bytes with it (variable " + FunctionEnvironment.AGGREGATIONS
                        + " holds every aggregation, each table name counted at its longest, " + TABLE_NAME_ESTIMATE
                        + " characters); Lambda allows " + LAMBDA_ENVIRONMENT_BYTES + " bytes in all. Declare fewer"
                        + " aggregations, or shorter names and attributes");
            }
        }
    }

    private static void checkLabel(Aggregation aggregation) {
        String label = aggregation.table();
        String where = "aggregation '" + aggregation.name() + "': table: label '" + label + "'";
        if (label.equals(DEFAULT_TABLE)) {
            return;
        }
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException(where + " is not a table label: 1 to 64 letters and digits, starting"
                    + " with a letter (it is the table's construct id and names its stack output)");
        }
        if (label.equalsIgnoreCase(DEFAULT_TABLE)) {
            throw new IllegalArgumentException(where + " is reserved: '" + DEFAULT_TABLE
                    + "' (lower case) is the default totals table; choose another label for a new table");
        }
        if (RESERVED_LABELS.contains(label.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(where + " is reserved (a construct or stack output of the pipeline has"
                    + " that name); choose another label");
        }
    }

    /** The aggregations the function runs: the default one, into {@value #DEFAULT_TABLE}, then the declared ones. */
    public static List<Aggregation> withDefault(List<Aggregation> declared) {
        return Stream.concat(Stream.of(Aggregation.orderTotals(DEFAULT_TABLE)), declared.stream())
                .toList();
    }

    /** The aggregations the function runs: {@link #withDefault}, or the declared ones alone. */
    public static List<Aggregation> all(List<Aggregation> declared, boolean keepOrderTotals) {
        return keepOrderTotals ? withDefault(declared) : List.copyOf(declared);
    }

    /**
     * The tables to create: each label other than {@value #DEFAULT_TABLE}, in the order first declared, with the
     * first aggregation declaring it (all of a table's aggregations share its keys, which {@link #check} ensures).
     */
    public static Map<String, Aggregation> newTables(List<Aggregation> declared) {
        Map<String, Aggregation> tables = new LinkedHashMap<>();
        declared.stream()
                .filter(aggregation -> !aggregation.table().equals(DEFAULT_TABLE))
                .forEach(aggregation -> tables.putIfAbsent(aggregation.table(), aggregation));
        return tables;
    }

    /**
     * The function's environment in bytes, as {@link AggregatorFunction} sets it with these aggregations (more than
     * the default one) and every table name at {@value #TABLE_NAME_ESTIMATE} characters: the three table variables,
     * {@code METRICS_NAMESPACE} and {@code AGGREGATIONS}.
     */
    static int environmentBytes(List<Aggregation> all, String metricsNamespace) {
        return environmentBytes(all, metricsNamespace, true);
    }

    /** As {@link #environmentBytes(List, String)}; without {@code withTotalsTable}, no {@code tabla_totales}. */
    static int environmentBytes(List<Aggregation> all, String metricsNamespace, boolean withTotalsTable) {
        String longestName = "x".repeat(TABLE_NAME_ESTIMATE);
        List<Aggregation> named = all.stream()
                .map(aggregation -> aggregation.withTable(longestName))
                .toList();
        String aggregations;
        try {
            aggregations = JSON.writeValueAsString(AggregationDeclarations.toPlain(named));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(FunctionEnvironment.ORDERS_TABLE, longestName);
        if (withTotalsTable) {
            environment.put(FunctionEnvironment.TOTALS_TABLE, longestName);
        }
        environment.put(FunctionEnvironment.LEDGER_TABLE, longestName);
        environment.put(FunctionEnvironment.METRICS_NAMESPACE, metricsNamespace);
        environment.put(FunctionEnvironment.AGGREGATIONS, aggregations);
        environment.put(FunctionArtifact.JVM_OPTIONS_VARIABLE, FunctionArtifact.JVM_OPTIONS);
        return environment.entrySet().stream()
                .mapToInt(variable -> bytes(variable.getKey()) + bytes(variable.getValue()))
                .sum();
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
