package dev.ordertotals.bench;

import dev.ordertotals.localengine.LambdaStreamEventJson;
import dev.ordertotals.localengine.LocalClients;
import dev.ordertotals.localengine.StreamShardReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Prepares the cold-process runs: the tables, a deterministic workload, and its stream as Lambda events of two
 * records each, one event per line (each cold run applies a batch no earlier run has applied).
 *
 * <pre>Prepare ENDPOINT TABLE_PREFIX EVENTS_JSONL BATCHES [SEED]</pre>
 * Prints the table names as {@code tabla_pedidos=...} lines for the script's environment.
 */
public final class Prepare {

    private Prepare() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String prefix = args[1];
        Path events = Path.of(args[2]);
        int batches = Integer.parseInt(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42;

        DynamoDbClient dynamo = LocalClients.dynamo(endpoint);
        Workload.Tables tables = Workload.createTables(dynamo, prefix);
        // Records are ~1.67 per new order; a margin keeps the count above what the runs need.
        new Workload(dynamo, tables, seed, "c").run((int) Math.ceil(batches * 2 * 0.6) + 10);
        List<Record> records = new StreamShardReader(LocalClients.streams(endpoint), tables.streamArn()).readAll();
        List<String> lines = new ArrayList<>();
        for (int at = 0; at + 2 <= records.size(); at += 2) {
            lines.add(LambdaStreamEventJson.event(records.subList(at, at + 2), tables.streamArn()));
        }
        if (lines.size() < batches) {
            throw new IllegalStateException("only " + lines.size() + " batches of 2, " + batches + " needed");
        }
        Files.write(events, lines, StandardCharsets.UTF_8);
        System.out.println("tabla_pedidos=" + tables.orders());
        System.out.println("tabla_totales=" + tables.totals());
        System.out.println("tabla_estado=" + tables.ledger());
    }
}
