package dev.ordertotals.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import dev.ordertotals.handler.DynamoDbClients;
import dev.ordertotals.handler.FunctionWiring;
import dev.ordertotals.localengine.LambdaStreamEventJson;
import dev.ordertotals.localengine.LocalClients;
import dev.ordertotals.localengine.StreamShardReader;
import dev.ordertotals.testsupport.LambdaWire;
import dev.ordertotals.testsupport.TestContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Warm batch latency and DynamoDB cost per batch size, in one JVM. The function's batch path
 * ({@link FunctionWiring#processorOver}) runs over the client the function deploys ({@link DynamoDbClients#create})
 * wrapped in a {@link CountingDynamoDb}; events go through Lambda's serializer ({@link LambdaWire}) like the
 * runtime's (deserialization timed apart, as the baseline times only its handler). A warm-up workload exercises
 * every batch size first; then each size gets fresh tables and a fresh workload, all of it
 * delivered in order, and the totals are checked against the orders at the end.
 *
 * <p>With {@code DECLARATIONS_JSON}, a file holding a list of aggregations as the stack's {@code aggregations} context
 * declares them (each {@code table} a label, {@code totals} the default totals table), the function runs with them
 * beside the default aggregation ({@code AGGREGATIONS}), each label's table created as {@code <prefix>-<label>} with
 * the aggregation's keys; every aggregation's totals are checked against the orders, and each size's figures add its
 * actions, write units and largest action per table (by label; {@code ledger} for the ledger), the transactions
 * committed and records found already applied (more requests than transactions: some were cancelled or timed out),
 * and the largest ledger entry as stored. An empty list runs the default aggregation alone (no {@code AGGREGATIONS})
 * with those figures.
 *
 * <pre>Warm ENDPOINT OUT_JSON SIZE:RECORDS[,SIZE:RECORDS...] WARMUP_RECORDS [DECLARATIONS_JSON]</pre>
 */
public final class Warm {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The label of the default totals table, as the stack's declarations name it. */
    private static final String DEFAULT_TABLE = "totals";

    private Warm() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        Path out = Path.of(args[1]);
        String[] sizes = args[2].split(",");
        int warmupRecords = Integer.parseInt(args[3]);
        // Declared aggregations, each table a label; null: the default aggregation alone, figures as they always were.
        List<Aggregation> declared = args.length > 4
                ? AggregationDeclarations.fromPlain(
                        JSON.readValue(Path.of(args[4]).toFile(), List.class))
                : null;

        DynamoDbClient local = LocalClients.dynamo(endpoint);
        DynamoDbStreamsClient streams = LocalClients.streams(endpoint);
        CountingDynamoDb counting = CountingDynamoDb.around(
                DynamoDbClients.create(System.getenv().getOrDefault(FunctionEnvironment.REGION, "us-east-1"))
                        .client());
        DynamoDbClient client = counting.client();

        // Warm-up: every batch size in turn over one workload, results discarded.
        long warmupStart = System.nanoTime();
        Run warmup = prepare(local, streams, "bench-warmup", 7, warmupRecords, declared);
        BatchProcessor warmHandler = handler(warmup, client);
        int[] cycle = Arrays.stream(sizes)
                .mapToInt(size -> Integer.parseInt(size.split(":")[0]))
                .toArray();
        int at = 0;
        for (int turn = 0; at < warmup.records().size(); turn++) {
            int size = cycle[turn % cycle.length];
            List<Record> batch = warmup.records()
                    .subList(at, Math.min(at + size, warmup.records().size()));
            deliver(
                    warmHandler,
                    LambdaStreamEventJson.event(batch, warmup.tables().streamArn()),
                    TestContext.withPlentyOfTime());
            at += batch.size();
        }
        double warmupSeconds = (System.nanoTime() - warmupStart) / 1e9;

        ObjectNode result = JSON.createObjectNode();
        result.put("warmup_records", warmup.records().size());
        result.put("warmup_seconds", Math.round(warmupSeconds * 10) / 10.0);
        result.put(
                "warmup_exact",
                Workload.actualTotals(local, warmup.tables().totals()).equals(warmup.expected())
                        && exactByAggregation(local, warmup).values().stream().allMatch(exact -> exact));
        if (declared != null) {
            result.set("declared", JSON.valueToTree(AggregationDeclarations.toPlain(declared)));
        }
        ArrayNode figures = result.putArray("sizes");
        for (String spec : sizes) {
            int size = Integer.parseInt(spec.split(":")[0]);
            int records = Integer.parseInt(spec.split(":")[1]);
            Run run = prepare(local, streams, "bench-warm-" + size, 1000 + size, records, declared);
            List<String> events = new ArrayList<>();
            for (int from = 0; from < run.records().size(); from += size) {
                events.add(LambdaStreamEventJson.event(
                        run.records()
                                .subList(
                                        from,
                                        Math.min(from + size, run.records().size())),
                        run.tables().streamArn()));
            }
            BatchProcessor handler = handler(run, client);
            counting.reset();
            double[] latency = new double[events.size()];
            double[] deserialize = new double[events.size()];
            double[] engine = new double[events.size()];
            TestContext context = TestContext.withPlentyOfTime();
            for (int index = 0; index < events.size(); index++) {
                long engineBefore = counting.engineNanos();
                long start = System.nanoTime();
                DynamodbEvent event = LambdaWire.fromJson(events.get(index));
                long deserialized = System.nanoTime();
                StreamsEventResponse response = handler.handleRequest(event, context);
                long done = System.nanoTime();
                if (!response.getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException(
                            "batch " + index + " of size " + size + " failed: " + context.logLines());
                }
                deserialize[index] = (deserialized - start) / 1e6;
                latency[index] = (done - deserialized) / 1e6;
                engine[index] = (counting.engineNanos() - engineBefore) / 1e6;
            }
            Map<String, Boolean> exactByAggregation = exactByAggregation(local, run);
            boolean exact = Workload.actualTotals(local, run.tables().totals()).equals(run.expected())
                    && exactByAggregation.values().stream().allMatch(each -> each);
            ObjectNode figure = figures.addObject();
            figure.put("batch_size", size);
            figure.put("batches", events.size());
            figure.put("records", run.records().size());
            figure.put("median_ms", round(percentile(latency, 50)));
            figure.put("p99_ms", round(percentile(latency, 99)));
            figure.put("mean_ms", round(Arrays.stream(latency).average().orElse(0)));
            figure.put("max_ms", round(Arrays.stream(latency).max().orElse(0)));
            figure.put("engine_median_ms", round(percentile(engine, 50)));
            figure.put("engine_p99_ms", round(percentile(engine, 99)));
            double[] own = new double[latency.length];
            for (int index = 0; index < own.length; index++) {
                own[index] = latency[index] - engine[index];
            }
            figure.put("outside_engine_median_ms", round(percentile(own, 50)));
            figure.put("outside_engine_p99_ms", round(percentile(own, 99)));
            figure.put("deserialize_median_ms", round(percentile(deserialize, 50)));
            figure.put("requests", counting.totalRequests());
            figure.set("requests_by_operation", JSON.valueToTree(counting.requestsByOperation()));
            figure.put("actions", counting.actions());
            figure.put("write_units", counting.writeUnits());
            figure.put(
                    "requests_per_1000_records",
                    round(counting.totalRequests() * 1000.0 / run.records().size()));
            figure.put(
                    "write_units_per_1000_records",
                    round(counting.writeUnits() * 1000.0 / run.records().size()));
            figure.put("applied", BatchLogCounts.sum(context.logLines(), "applied"));
            figure.put("skipped", BatchLogCounts.sum(context.logLines(), "skipped"));
            figure.put("exact", exact);
            if (declared != null) {
                figure.set("actions_by_table", JSON.valueToTree(run.byLabel(counting.actionsByTable())));
                figure.set("write_units_by_table", JSON.valueToTree(run.byLabel(counting.writeUnitsByTable())));
                figure.set(
                        "largest_action_bytes_by_table",
                        JSON.valueToTree(run.byLabel(counting.largestActionBytesByTable())));
                figure.set("exact_by_aggregation", JSON.valueToTree(exactByAggregation));
                // Requests beyond the committed transactions were cancelled or timed out (then retried): their
                // records come back as duplicates, and the run's figures are not the planned ones.
                figure.put("transactions", BatchLogCounts.sum(context.logLines(), "transactions"));
                figure.put("duplicates", BatchLogCounts.sum(context.logLines(), "duplicates"));
                figure.put(
                        "largest_ledger_entry_bytes",
                        largestItem(local, run.tables().ledger()));
            }
            System.err.println("warm batch size " + size + ": " + figure);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    }

    /**
     * One workload over its tables.
     *
     * @param aggregations every aggregation, the default one first, each with its table's name; null when none is
     *     declared (the default aggregation alone, checked by {@code expected})
     * @param labels each table's label, by name
     * @param orders the orders live at the end
     */
    private record Run(
            Workload.Tables tables,
            List<Record> records,
            Map<String, Long> expected,
            List<Aggregation> aggregations,
            Map<String, String> labels,
            List<Map<String, AttributeValue>> orders) {

        Map<String, Long> byLabel(Map<String, Long> byTable) {
            Map<String, Long> figures = new TreeMap<>();
            byTable.forEach((table, figure) -> figures.put(labels.getOrDefault(table, table), figure));
            return figures;
        }
    }

    private static Run prepare(
            DynamoDbClient local,
            DynamoDbStreamsClient streams,
            String prefix,
            long seed,
            int records,
            List<Aggregation> declared) {
        Workload.Tables tables = Workload.createTables(local, prefix);
        List<Aggregation> aggregations = null;
        Map<String, String> labels = new TreeMap<>();
        if (declared != null) {
            labels.put(tables.ledger(), "ledger");
            labels.put(tables.totals(), DEFAULT_TABLE);
            aggregations = new ArrayList<>(List.of(Aggregation.orderTotals(tables.totals())));
            for (Aggregation aggregation : declared) {
                String table = aggregation.table().equals(DEFAULT_TABLE)
                        ? tables.totals()
                        : prefix + "-" + aggregation.table();
                if (!labels.containsKey(table)) {
                    Workload.createTotalsTable(local, table, aggregation.keyAttributes());
                    labels.put(table, aggregation.table());
                }
                aggregations.add(aggregation.withTable(table));
            }
        }
        Workload workload = new Workload(local, tables, seed, prefix.replace("bench-", "") + "-");
        workload.run(Math.max(1, (int) Math.round(records * 0.6)));
        List<Record> stream = new StreamShardReader(streams, tables.streamArn()).readAll();
        return new Run(tables, stream, workload.expectedTotals(), aggregations, labels, workload.liveOrders());
    }

    /** Each declared aggregation's totals (the default one's too) against the orders; empty when none is declared. */
    private static Map<String, Boolean> exactByAggregation(DynamoDbClient local, Run run) {
        Map<String, Boolean> exact = new LinkedHashMap<>();
        if (run.aggregations() != null) {
            for (Aggregation aggregation : run.aggregations()) {
                exact.put(
                        aggregation.name(),
                        DeclaredTotals.actual(local, aggregation)
                                .equals(DeclaredTotals.expected(aggregation, run.orders())));
            }
        }
        return exact;
    }

    /** The largest item of a table as stored, in the bytes DynamoDB sizes it by ({@link WriteUnits#size}). */
    private static long largestItem(DynamoDbClient local, String table) {
        return local.scanPaginator(request -> request.tableName(table)).items().stream()
                .mapToLong(WriteUnits::size)
                .max()
                .orElse(0);
    }

    /**
     * The function's batch path over a run's tables, configured through the environment variables it reads: with
     * {@code AGGREGATIONS}, as the stack sets it, when aggregations are declared.
     */
    private static BatchProcessor handler(Run run, DynamoDbClient client) throws JsonProcessingException {
        Map<String, String> environment = new HashMap<>(Map.of(
                FunctionEnvironment.ORDERS_TABLE, run.tables().orders(),
                FunctionEnvironment.TOTALS_TABLE, run.tables().totals(),
                FunctionEnvironment.LEDGER_TABLE, run.tables().ledger(),
                FunctionEnvironment.REGION, "us-east-1"));
        if (run.aggregations() != null && run.aggregations().size() > 1) {
            environment.put(
                    FunctionEnvironment.AGGREGATIONS,
                    JSON.writeValueAsString(AggregationDeclarations.toPlain(run.aggregations())));
        }
        return FunctionWiring.processorOver(client, environment, CommitSettings.defaults());
    }

    private static void deliver(BatchProcessor handler, String json, TestContext context) {
        StreamsEventResponse response = handler.handleRequest(LambdaWire.fromJson(json), context);
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("warm-up batch failed: " + context.logLines());
        }
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double percent) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
