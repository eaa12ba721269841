package dev.ordertotals.localrunner.local;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.ledger.Pipeline;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.localengine.StreamShardReader;
import dev.ordertotals.localengine.eventsource.EventSourceEmulator;
import dev.ordertotals.localengine.eventsource.EventSourceSettings;
import dev.ordertotals.localengine.eventsource.Faults;
import dev.ordertotals.localengine.eventsource.LambdaFunction;
import dev.ordertotals.localengine.template.EventSourceSpec;
import dev.ordertotals.localengine.template.FunctionSpec;
import dev.ordertotals.localengine.template.LocalDeployment;
import dev.ordertotals.localengine.template.StackTemplate;
import dev.ordertotals.localrunner.runtime.ChildJvmFunction;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.stream.AggregationsConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stack's data path running on a local engine: the template's tables and queue, the function in a child
 * JVM with the template's environment, and the event source emulator feeding it from the orders stream. Used
 * by the {@code local} command and by the end-to-end tests.
 */
public final class LocalRun implements AutoCloseable {

    /**
     * @param functionJar the jar to run; empty: the template's asset, else the function module's build output
     * @param prefix prepended to every resource name, so several runs can share one engine
     * @param startAtLatest start the event source at {@code LATEST} whatever the template says, as a new mapping on a
     *     table that already has orders would be (they are for {@code reconcile} to backfill)
     */
    public record Options(
            Optional<Path> functionJar,
            String prefix,
            EventSourceSettings.Timings timings,
            Faults faults,
            Consumer<String> functionLog,
            Consumer<String> eventSourceLog,
            boolean startAtLatest) {

        public static Options defaults(String prefix) {
            return new Options(
                    Optional.empty(),
                    prefix,
                    EventSourceSettings.Timings.interactive(),
                    Faults.NONE,
                    line -> {},
                    line -> {},
                    false);
        }

        public Options withFaults(Faults newFaults) {
            return new Options(functionJar, prefix, timings, newFaults, functionLog, eventSourceLog, startAtLatest);
        }

        public Options withTimings(EventSourceSettings.Timings newTimings) {
            return new Options(functionJar, prefix, newTimings, faults, functionLog, eventSourceLog, startAtLatest);
        }
    }

    private final StackTemplate template;
    private final URI endpoint;
    private final AwsClients clients;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final LocalDeployment deployment;
    private final LambdaFunction function;
    private final EventSourceEmulator emulator;
    private final Path functionJar;

    private LocalRun(StackTemplate template, URI endpoint, Options options) {
        this.template = template;
        this.endpoint = endpoint;
        this.clients = AwsClients.local(endpoint);
        this.dynamo = clients.dynamo();
        this.sqs = clients.sqs();
        this.deployment = LocalDeployment.create(template, dynamo, sqs, options.prefix());
        FunctionSpec spec = template.function();
        this.functionJar = functionJar(options.functionJar(), spec);
        this.function = new ChildJvmFunction(
                new ChildJvmFunction.Config(
                        functionJar,
                        spec.handler(),
                        functionEnvironment(spec),
                        spec.timeout(),
                        spec.memorySize(),
                        deployment.functionName(spec)),
                options.functionLog());
        EventSourceSpec source = template.eventSource();
        String streamArn = deployment.streamArn(source.sourceTableId());
        EventSourceSettings settings = new EventSourceSettings(
                streamArn,
                source.batchSize(),
                options.startAtLatest() || source.startingPosition().equals("LATEST"),
                source.maximumRetryAttempts(),
                source.maximumRecordAgeSeconds() < 0
                        ? Optional.empty()
                        : Optional.of(Duration.ofSeconds(source.maximumRecordAgeSeconds())),
                source.reportBatchItemFailures(),
                source.bisectBatchOnFunctionError(),
                source.onFailureQueueId().map(deployment::queueUrl),
                "arn:aws:lambda:" + MotoServer.REGION + ":123456789012:function:" + deployment.functionName(spec),
                options.timings());
        this.emulator = new EventSourceEmulator(
                settings,
                new StreamShardReader(clients.streams(), streamArn),
                sqs,
                function,
                options.faults(),
                options.eventSourceLog());
    }

    /** Creates the resources and starts the event source (the function's JVM starts on its first invocation). */
    public static LocalRun start(StackTemplate template, URI endpoint, Options options) {
        return create(template, endpoint, options).startEventSource();
    }

    /** Creates the resources; the event source waits for {@link #startEventSource()}. */
    public static LocalRun create(StackTemplate template, URI endpoint, Options options) {
        return new LocalRun(template, endpoint, options);
    }

    /**
     * Starts the event source if the template enables it, positioned before this returns: at {@code LATEST} it
     * delivers exactly the writes made after this call.
     */
    public LocalRun startEventSource() {
        if (template.eventSource().enabled()) {
            emulator.positionShards();
            emulator.start();
        }
        return this;
    }

    public LocalDeployment deployment() {
        return deployment;
    }

    public EventSourceEmulator emulator() {
        return emulator;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path functionJar() {
        return functionJar;
    }

    public StackTemplate template() {
        return template;
    }

    /** The orders table: the one whose stream feeds the function. */
    public String ordersTable() {
        return deployment.tableName(template.eventSource().sourceTableId());
    }

    public String totalsTable() {
        return tableOf(FunctionEnvironment.TOTALS_TABLE);
    }

    public String ledgerTable() {
        return tableOf(FunctionEnvironment.LEDGER_TABLE);
    }

    /**
     * The aggregations the function keeps, read from its environment as deployed here, exactly as the function reads
     * it: the declared ones ({@code AGGREGATIONS}), else the source document's alone.
     */
    public Aggregations aggregations() {
        Map<String, String> environment = deployment.environment(template.function());
        // No tabla_totales where the stack keeps no order totals (its AGGREGATIONS names every table).
        return AggregationsConfig.fromEnvironment(environment, environment.get(FunctionEnvironment.TOTALS_TABLE));
    }

    /** The orders table, the ledger and the aggregations, as the tools take them. */
    public Pipeline pipeline() {
        return new Pipeline(ordersTable(), ledgerTable(), aggregations());
    }

    public Optional<String> onFailureQueueUrl() {
        return template.eventSource().onFailureQueueId().map(deployment::queueUrl);
    }

    @Override
    public void close() {
        emulator.close();
        function.close();
        clients.close();
    }

    /** The table the handler finds in environment variable {@code variable} (see the function's {@code AggregatorConfig}). */
    private String tableOf(String variable) {
        FunctionSpec.EnvValue value = template.function().environment().get(variable);
        if (value instanceof FunctionSpec.EnvValue.Ref(String id)
                && deployment.tableNames().containsKey(id)) {
            return deployment.tableName(id);
        }
        throw new IllegalArgumentException(
                "the function's environment variable " + variable + " does not name one of the template's tables");
    }

    /** Lambda's environment for the handler: the template's variables plus what the Lambda service sets. */
    private Map<String, String> functionEnvironment(FunctionSpec spec) {
        return EngineEnvironment.of(deployment.environment(spec), endpoint, "$LATEST", spec.logging());
    }

    /** The jar the function runs from: the one given, else the template's asset, else the function module's build. */
    static Path functionJarOf(Optional<Path> explicit, FunctionSpec spec) {
        return explicit.or(spec::asset).orElseGet(() -> ProjectPaths.root().resolve(FunctionArtifact.JAR));
    }

    private static Path functionJar(Optional<Path> explicit, FunctionSpec spec) {
        Path jar = functionJarOf(explicit, spec);
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Function jar not found at " + jar
                    + ": build it first (./mvnw -B -q -DskipTests -pl function -am package)");
        }
        return jar;
    }
}
