package dev.ordertotals.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.snapstart.SnapStartPriming;

/**
 * The Lambda entry point ({@code FunctionArtifact.HANDLER}): only adapts Lambda's types. The function is built once
 * per container from its environment ({@link FunctionWiring}); the batch path is {@link BatchProcessor}, the rules
 * live in {@code aggregation}, the writes in {@code commit}.
 */
public final class OrderTotalsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final BatchProcessor processor;
    /** Held so the CRaC context, which may keep resources weakly, does not lose it before the checkpoint. */
    private final SnapStartPriming priming;

    /**
     * The one constructor, the runtime's: configuration from the environment, SnapStart priming registered, and the
     * batch path warmed up offline so the first invocation does not load it.
     */
    public OrderTotalsHandler() {
        FunctionWiring wiring = FunctionWiring.fromEnvironment(System.getenv());
        this.processor = wiring.processor();
        this.priming = SnapStartPriming.register(wiring.primingProcessor(), wiring.dynamo());
        warmUp(priming);
    }

    /** Only an optimization: a warm-up that fails leaves the first batch to load the path, and says why. */
    private static void warmUp(SnapStartPriming priming) {
        try {
            priming.warmUp();
        } catch (RuntimeException failed) {
            System.err.println("Warm-up at init skipped (the first batch loads the batch path instead): " + failed);
        }
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return processor.handleRequest(event, context);
    }
}
