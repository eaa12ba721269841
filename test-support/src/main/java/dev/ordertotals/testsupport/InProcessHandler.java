package dev.ordertotals.testsupport;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.eventsource.LambdaFunction;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream handler (the function's batch path) in this JVM, behind the event-source emulator's function interface
 * and fed through Lambda's serializer: fast enough for tests that would otherwise start a child JVM each. Records
 * every event it receives.
 */
public final class InProcessHandler implements LambdaFunction {

    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final List<String> events = new CopyOnWriteArrayList<>();

    public InProcessHandler(RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        this.handler = handler;
    }

    @Override
    public Invocation invoke(String eventJson) {
        events.add(eventJson);
        try {
            StreamsEventResponse response =
                    handler.handleRequest(LambdaWire.fromJson(eventJson), TestContext.withPlentyOfTime());
            ObjectNode json = Json.MAPPER.createObjectNode();
            var failures = json.putArray("batchItemFailures");
            response.getBatchItemFailures()
                    .forEach(failure -> failures.addObject().put("itemIdentifier", failure.getItemIdentifier()));
            return new Invocation.Response(json.toString());
        } catch (RuntimeException e) {
            return new Invocation.Error(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {}
}
