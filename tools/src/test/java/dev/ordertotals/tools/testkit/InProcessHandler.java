package dev.ordertotals.tools.testkit;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.handler.AggregatorConfig;
import dev.ordertotals.handler.OrderTotalsHandler;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.testkit.LambdaWire;
import dev.ordertotals.testkit.TestContext;
import dev.ordertotals.tools.Json;
import dev.ordertotals.tools.emulator.LambdaFunction;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real handler in this JVM, fed through Lambda's serializer: fast enough for emulator tests that would
 * otherwise start a child JVM each. Records every event it receives.
 */
public final class InProcessHandler implements LambdaFunction {

    private final OrderTotalsHandler handler;
    private final List<String> events = new CopyOnWriteArrayList<>();

    public InProcessHandler(DynamoDbClient dynamo, String ordersTable, String totalsTable, String stateTable) {
        this.handler = new OrderTotalsHandler(new AggregatorConfig(ordersTable, totalsTable, stateTable, MotoServer.REGION), dynamo,
                OrderTotalsHandler.defaultSettings(), Clock.systemUTC());
    }

    @Override
    public Invocation invoke(String eventJson) {
        events.add(eventJson);
        try {
            StreamsEventResponse response = handler.handleRequest(LambdaWire.fromJson(eventJson), TestContext.withPlentyOfTime());
            ObjectNode json = Json.MAPPER.createObjectNode();
            var failures = json.putArray("batchItemFailures");
            response.getBatchItemFailures().forEach(failure -> failures.addObject().put("itemIdentifier", failure.getItemIdentifier()));
            return new Invocation.Response(json.toString());
        } catch (RuntimeException e) {
            return new Invocation.Error(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
    }
}
