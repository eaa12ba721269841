package dev.ordertotals.bench.cold;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.ordertotals.bench.BatchLogCounts;
import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.stream.LambdaStreamJson;
import dev.ordertotals.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One cold process, as Lambda's Java runtime would run it: handler init (the handler's constructor, then, for a typed
 * handler, the runtime's serializers for its input and output types), then the first invoke (event JSON through
 * Lambda's own serializer, the handler, the response back to JSON; for a stream handler, the handler's call on the
 * event's bytes, which reads and writes the JSON itself). Runs on the shaded function jar,
 * this harness (with the tests' {@link TestContext}) and aws-lambda-java-serialization only; prints nothing,
 * appends one JSON line of timings.
 *
 * <pre>
 * ColdStart EVENTS_JSONL COUNTER_FILE|INDEX MODE OUT_JSONL [prime]
 *   MODE handler  the handler's public no-arg constructor (what Lambda calls)
 *        url|crt  the function's batch path over the function's own client (url) or the same client with the
 *                 AWS CRT HTTP client (crt), see {@link OwnClientHandler}
 *   prime         after init, run the handler's priming the way a SnapStart checkpoint + restore would:
 *                 a public static prime() if the handler has one, then the org.crac resources it registered,
 *                 through Lambda's runtime CRaC context (needs the runtime interface client on the classpath and
 *                 -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac, see {@link RuntimeCheckpoint})
 * </pre>
 *
 * With {@code BENCH_T0} (epoch nanoseconds, {@code date +%s%N} just before {@code java}) it also reports the
 * time from launch to {@code main}. Marker classes ({@link PhaseInit}, {@link PhaseFirstBatch}, {@link PhaseHandler},
 * {@link PhaseDone}) split a {@code -Xlog:class+load} log into phases.
 */
public final class ColdStart {

    /** The class Lambda loads (FunctionArtifact.HANDLER is a compile-time constant: no contract class is loaded). */
    static final String HANDLER = FunctionArtifact.HANDLER.substring(0, FunctionArtifact.HANDLER.indexOf("::"));

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        Instant mainInstant = Instant.now();
        Path events = Path.of(args[0]);
        int index = index(args[1]);
        String mode = args[2];
        Path out = Path.of(args[3]);
        boolean prime = args.length > 4 && args[4].equals("prime");

        // Init phase: what Lambda does before the first invoke (class load + constructor).
        PhaseInit.mark();
        long initStart = System.nanoTime();
        Class<?> handlerClass = Class.forName(HANDLER);
        Object handler =
                mode.equals("handler") ? handlerClass.getConstructor().newInstance() : OwnClientHandler.create(mode);
        long constructed = System.nanoTime();
        // For a typed handler the runtime builds its input and output serializers when it loads the handler, before
        // any event; a stream handler reads and writes the bytes itself, and the runtime builds none.
        boolean stream = handler instanceof RequestStreamHandler;
        PojoSerializer<DynamodbEvent> in = stream
                ? null
                : LambdaEventSerializers.serializerFor(DynamodbEvent.class, ColdStart.class.getClassLoader());
        PojoSerializer<StreamsEventResponse> outSerializer =
                stream ? null : JacksonFactory.getInstance().getSerializer(StreamsEventResponse.class);
        long initEnd = System.nanoTime();

        String primeHook = "none";
        long primeNanos = 0;
        long restoreNanos = 0;
        if (prime) {
            RuntimeCheckpoint.startRuntime();
            long start = System.nanoTime();
            Method staticPrime = staticPrime(handlerClass);
            if (staticPrime != null) {
                staticPrime.invoke(null);
                primeHook = "static prime()";
            }
            long resources = RuntimeCheckpoint.registrations();
            if (resources != 0) {
                RuntimeCheckpoint.beforeCheckpoint();
                primeHook = (staticPrime != null ? primeHook + " + " : "")
                        + (resources > 0 ? resources : "an unknown number of") + " org.crac resource(s)";
            }
            long checkpointed = System.nanoTime();
            if (resources != 0) {
                RuntimeCheckpoint.afterRestore();
            }
            primeNanos = checkpointed - start;
            restoreNanos = System.nanoTime() - checkpointed;
        }

        // First invoke: the runtime reads the event, deserializes it, calls the handler, serializes the answer.
        String eventJson = Files.readAllLines(events, StandardCharsets.UTF_8).get(index);
        PhaseFirstBatch.mark();
        long invokeStart = System.nanoTime();
        byte[] eventBytes = eventJson.getBytes(StandardCharsets.UTF_8);
        DynamodbEvent event = stream ? null : in.fromJson(new ByteArrayInputStream(eventBytes));
        long deserialized = System.nanoTime();
        PhaseHandler.mark();
        TestContext context = TestContext.withPlentyOfTime();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int failures;
        long handled;
        if (stream) {
            // The stream handler's call is the whole invoke: reading the event and writing the answer are in it.
            ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(eventBytes), answer, context);
            handled = System.nanoTime();
            failures = answer.toString(StandardCharsets.UTF_8).split("itemIdentifier", -1).length - 1;
        } else {
            @SuppressWarnings("unchecked")
            StreamsEventResponse response =
                    ((RequestHandler<DynamodbEvent, StreamsEventResponse>) handler).handleRequest(event, context);
            handled = System.nanoTime();
            outSerializer.toJson(response, answer);
            failures = response.getBatchItemFailures() == null
                    ? 0
                    : response.getBatchItemFailures().size();
        }
        long invokeEnd = System.nanoTime();
        PhaseDone.mark();
        int records = LambdaStreamJson.changes(eventBytes).size();

        String t0 = System.getenv("BENCH_T0");
        String launchToMain = "null";
        if (t0 != null && !t0.isBlank()) {
            long mainEpochNanos = mainInstant.getEpochSecond() * 1_000_000_000L + mainInstant.getNano();
            launchToMain = ms(mainEpochNanos - Long.parseLong(t0.strip()));
        }
        int duplicates = BatchLogCounts.sum(context.logLines(), "duplicates");
        String line = "{\"mode\":\"" + mode + "\",\"index\":" + index + ",\"prime\":" + prime
                + ",\"prime_hook\":\"" + primeHook + "\""
                + ",\"launch_to_main_ms\":" + launchToMain
                + ",\"main_to_init_ms\":" + ms(initStart - mainNanos)
                + ",\"init_ms\":" + ms(initEnd - initStart)
                + ",\"constructor_ms\":" + ms(constructed - initStart)
                + ",\"serializers_ms\":" + ms(initEnd - constructed)
                + ",\"prime_ms\":" + ms(primeNanos)
                + ",\"restore_ms\":" + ms(restoreNanos)
                + ",\"deserialize_ms\":" + ms(deserialized - invokeStart)
                + ",\"handler_ms\":" + ms(handled - deserialized)
                + ",\"first_invoke_ms\":" + ms(invokeEnd - invokeStart)
                + ",\"main_to_done_ms\":" + ms(invokeEnd - mainNanos)
                + ",\"records\":" + records
                + ",\"applied\":" + BatchLogCounts.sum(context.logLines(), "applied")
                + ",\"skipped\":" + BatchLogCounts.sum(context.logLines(), "skipped")
                + ",\"duplicates\":" + duplicates
                + ",\"failures\":" + failures + "}\n";
        Files.writeString(out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (failures > 0 || duplicates > 0) {
            System.err.println("first batch not fully applied: " + line + String.join("\n", context.logLines()));
            System.exit(3);
        }
        System.exit(0);
    }

    private static Method staticPrime(Class<?> handlerClass) {
        try {
            Method method = handlerClass.getMethod("prime");
            return Modifier.isStatic(method.getModifiers()) ? method : null;
        } catch (NoSuchMethodException absent) {
            return null;
        }
    }

    /** A literal index, or a counter file holding the next index (advanced by the caller between runs). */
    private static int index(String argument) throws IOException {
        if (argument.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(argument);
        }
        return Integer.parseInt(Files.readString(Path.of(argument)).strip());
    }

    private static String ms(long nanos) {
        return Double.toString(Math.round(nanos / 10_000.0) / 100.0);
    }
}
