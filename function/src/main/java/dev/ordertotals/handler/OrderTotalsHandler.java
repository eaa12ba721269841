package dev.ordertotals.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.snapstart.SnapStartPriming;
import dev.ordertotals.stream.LambdaStreamJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Lambda entry point ({@code FunctionArtifact.HANDLER}): only adapts Lambda's wire format. The function is built
 * once per container from its environment ({@link FunctionWiring}); the batch path is {@link BatchProcessor}, the
 * rules live in {@code aggregation}, the writes in {@code commit}.
 *
 * <p>A stream handler rather than a {@code RequestHandler<DynamodbEvent, StreamsEventResponse>}: the event's JSON is
 * read straight into the batch's records ({@link LambdaStreamJson}) and the partial batch response written as JSON,
 * so the runtime builds no Jackson serializer for either type when it loads the function (measured: about 160 ms of
 * a cold start). What goes in and out on the wire is the same.
 */
public final class OrderTotalsHandler implements RequestStreamHandler {

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

    /** One batch: Lambda's DynamoDB stream event in, its partial batch response out. */
    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        BatchReport report = processor.process(
                LambdaStreamJson.changes(event), context::getRemainingTimeInMillis, context.getLogger());
        response.write(BatchProcessor.responseJson(report));
    }
}
