package dev.ordertotals.tools.testkit;

import dev.ordertotals.contract.OrdersItem;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.aggregation.OrderImage;
import dev.ordertotals.handler.AggregatorConfig;
import dev.ordertotals.localengine.LocalClients;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.StreamShardReader;
import dev.ordertotals.tools.aws.AwsClients;
import dev.ordertotals.tools.local.LocalDeployment;
import dev.ordertotals.tools.template.FunctionSpec;
import dev.ordertotals.tools.template.StackTemplate;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.commit.LedgerTable;
import dev.ordertotals.handler.OrderTotalsHandler;
import dev.ordertotals.tools.reconcile.ReconcileCheckpoint;
import dev.ordertotals.tools.reconcile.Reconciler;
import dev.ordertotals.tools.replay.StreamRange;
import dev.ordertotals.tools.verify.TotalsVerifier;
import dev.ordertotals.tools.verify.VerifyOutput;
import dev.ordertotals.tools.verify.VerifyReport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The template's tables and queue on the shared moto server, under names unique to one test; no function. */
public record LocalTables(StackTemplate template, LocalDeployment deployment, DynamoDbClient dynamo, DynamoDbStreamsClient streams,
        SqsClient sqs) {

    public static LocalTables create() {
        StackTemplate template = StackTemplate.read(SynthesizedTemplate.path());
        AwsClients clients = AwsClients.local(MotoServer.shared().endpoint());
        DynamoDbClient dynamo = LocalClients.dynamo(MotoServer.shared().endpoint());
        SqsClient sqs = clients.sqs();
        LocalDeployment deployment = LocalDeployment.create(template, dynamo, sqs, Names.uniquePrefix());
        return new LocalTables(template, deployment, dynamo, LocalClients.streams(MotoServer.shared().endpoint()), sqs);
    }

    public String orders() {
        return deployment.tableName(template.eventSource().sourceTableId());
    }

    public String totals() {
        return byVariable(FunctionEnvironment.TOTALS_TABLE);
    }

    public String state() {
        return byVariable(FunctionEnvironment.STATE_TABLE);
    }

    public String queueUrl() {
        return deployment.queueUrl(template.eventSource().onFailureQueueId().orElseThrow());
    }

    public String streamArn() {
        return deployment.streamArn(template.eventSource().sourceTableId());
    }

    public StreamShardReader stream() {
        return new StreamShardReader(streams, streamArn());
    }

    public List<Record> streamRecords() {
        return stream().readAll();
    }

    public void putOrder(String id, String date, String item, long quantity) {
        dynamo.putItem(request -> request.tableName(orders()).item(Map.of(
                "order_id", AttributeValue.fromS(id),
                OrdersItem.ORDER_DATE, AttributeValue.fromS(date),
                OrdersItem.ITEM_ID, AttributeValue.fromS(item),
                OrdersItem.QUANTITY, AttributeValue.fromN(Long.toString(quantity)))));
    }

    public void deleteOrder(String id) {
        dynamo.deleteItem(request -> request.tableName(orders()).key(Map.of("order_id", AttributeValue.fromS(id))));
    }

    public void putTotal(String date, String item, AttributeValue quantity) {
        dynamo.putItem(request -> request.tableName(totals()).item(Map.of(
                "order_date", AttributeValue.fromS(date), "item_number", AttributeValue.fromS(item), "quantity", quantity)));
    }

    /** A reconciler over these tables, 2 segments, no limit. */
    public Reconciler reconciler(Reconciler.Listener listener) {
        return new Reconciler(dynamo, new Reconciler.Tables(orders(), totals(), state()), new Reconciler.Settings(2, false, 0), listener);
    }

    /** Reconciles every order (backfill or repair), as {@code reconcile} does. */
    public Reconciler.Result reconcile() {
        return reconciler(Reconciler.Listener.NONE).run(ReconcileCheckpoint.none(2));
    }

    /** The function's exactly-once commit path over these tables. */
    public ExactlyOnceCommitter committer() {
        return new ExactlyOnceCommitter(dynamo, totals(), state(), OrderTotalsHandler.defaultSettings(), Clock.systemUTC());
    }

    /** Commits these stream records (one batch) through the function's commit path; fails the test if it fails. */
    public BatchReport commit(List<Record> records) {
        BatchReport report = committer().commit(records.stream().map(StreamRange::change).toList(), () -> Long.MAX_VALUE);
        if (!report.succeeded()) {
            throw new AssertionError("commit failed: " + report);
        }
        return report;
    }

    /** The ledger entry of an order, raw; empty when there is none. */
    public Map<String, AttributeValue> ledgerEntry(String orderId) {
        var response = dynamo.getItem(request -> request.tableName(state()).key(LedgerTable.key(orderId)).consistentRead(true));
        return response.hasItem() ? response.item() : Map.of();
    }

    /** The three levels of verify; fails the test with the report when any drifts. */
    public void assertExact() {
        VerifyReport report = new TotalsVerifier(dynamo, 2).verify(orders(), totals(), state());
        if (!report.exact()) {
            java.io.StringWriter text = new java.io.StringWriter();
            VerifyOutput.print(new java.io.PrintWriter(text, true), report, 50);
            throw new AssertionError("not exact:\n" + text);
        }
    }

    public InProcessHandler handler() {
        return new InProcessHandler(dynamo, orders(), totals(), state());
    }

    private String byVariable(String variable) {
        return deployment.tableName(((FunctionSpec.EnvValue.Ref) template.function().environment().get(variable)).logicalId());
    }
}
