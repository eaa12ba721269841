package dev.ordertotals.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.contract.FunctionEnvironment;
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
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
 * <pre>Warm ENDPOINT OUT_JSON SIZE:RECORDS[,SIZE:RECORDS...] WARMUP_RECORDS</pre>
 */
public final class Warm {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Warm() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        Path out = Path.of(args[1]);
        String[] sizes = args[2].split(",");
        int warmupRecords = Integer.parseInt(args[3]);

        DynamoDbClient local = LocalClients.dynamo(endpoint);
        DynamoDbStreamsClient streams = LocalClients.streams(endpoint);
        CountingDynamoDb counting = CountingDynamoDb.around(
                DynamoDbClients.create(System.getenv().getOrDefault(FunctionEnvironment.REGION, "us-east-1"))
                        .client());
        DynamoDbClient client = counting.client();

        // Warm-up: every batch size in turn over one workload, results discarded.
        long warmupStart = System.nanoTime();
        Run warmup = prepare(local, streams, "bench-warmup", 7, warmupRecords);
        BatchProcessor warmHandler = handler(warmup.tables(), client);
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
                Workload.actualTotals(local, warmup.tables().totals()).equals(warmup.expected()));
        ArrayNode figures = result.putArray("sizes");
        for (String spec : sizes) {
            int size = Integer.parseInt(spec.split(":")[0]);
            int records = Integer.parseInt(spec.split(":")[1]);
            Run run = prepare(local, streams, "bench-warm-" + size, 1000 + size, records);
            List<String> events = new ArrayList<>();
            for (int from = 0; from < run.records().size(); from += size) {
                events.add(LambdaStreamEventJson.event(
                        run.records()
                                .subList(
                                        from,
                                        Math.min(from + size, run.records().size())),
                        run.tables().streamArn()));
            }
            BatchProcessor handler = handler(run.tables(), client);
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
            boolean exact = Workload.actualTotals(local, run.tables().totals()).equals(run.expected());
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
            System.err.println("warm batch size " + size + ": " + figure);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    }

    private record Run(Workload.Tables tables, List<Record> records, Map<String, Long> expected) {}

    private static Run prepare(
            DynamoDbClient local, DynamoDbStreamsClient streams, String prefix, long seed, int records) {
        Workload.Tables tables = Workload.createTables(local, prefix);
        Workload workload = new Workload(local, tables, seed, prefix.replace("bench-", "") + "-");
        workload.run(Math.max(1, (int) Math.round(records * 0.6)));
        List<Record> stream = new StreamShardReader(streams, tables.streamArn()).readAll();
        return new Run(tables, stream, workload.expectedTotals());
    }

    /** The function's batch path over {@code tables}, configured through the environment variables it reads. */
    private static BatchProcessor handler(Workload.Tables tables, DynamoDbClient client) {
        Map<String, String> environment = Map.of(
                FunctionEnvironment.ORDERS_TABLE, tables.orders(),
                FunctionEnvironment.TOTALS_TABLE, tables.totals(),
                FunctionEnvironment.LEDGER_TABLE, tables.ledger(),
                FunctionEnvironment.REGION, "us-east-1");
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
