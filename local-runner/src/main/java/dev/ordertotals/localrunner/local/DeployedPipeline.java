package dev.ordertotals.localrunner.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.contract.StackOutputNames;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.StreamShardReader;
import dev.ordertotals.localengine.eventsource.EventSourceEmulator;
import dev.ordertotals.localengine.eventsource.EventSourceSettings;
import dev.ordertotals.localengine.eventsource.Faults;
import dev.ordertotals.localengine.template.FunctionSpec;
import dev.ordertotals.localrunner.runtime.ChildJvmFunction;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.operator.aws.StackOutputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The data path of a stack deployed into the local engine with {@code cdk deploy}: its tables by the stack's
 * outputs, the function run from the jar the deploy uploaded, configured as Lambda holds it (handler, environment,
 * timeout, memory), and the event source emulator configured as the deployed mapping on the orders stream is
 * (batch size, starting position, retries, record age, bisect, partial batch responses, on-failure queue). Nothing
 * here comes from the template: what runs is what was deployed.
 *
 * <p>The deployed mapping itself never runs in the engine (the launcher keeps it inert): the emulator plays it.
 */
final class DeployedPipeline implements AutoCloseable {

    /** What was deployed, as the services describe it. */
    record Deployment(
            StackOutputs outputs,
            String ordersTable,
            String totalsTable,
            String ledgerTable,
            String streamArn,
            GetFunctionConfigurationResponse function,
            EventSourceMappingConfiguration mapping,
            Optional<String> onFailureQueueUrl,
            Path functionJar) {}

    private final Deployment deployment;
    private final ChildJvmFunction function;
    private final EventSourceEmulator emulator;
    private final List<AutoCloseable> clients;

    private DeployedPipeline(
            Deployment deployment,
            ChildJvmFunction function,
            EventSourceEmulator emulator,
            List<AutoCloseable> clients) {
        this.deployment = deployment;
        this.function = function;
        this.emulator = emulator;
        this.clients = clients;
    }

    /**
     * Reads the deployed stack and starts the emulator on its mapping (the function's JVM starts on the first
     * invocation). {@code assembly}: the cloud assembly the deploy used, which holds the uploaded function jar.
     */
    static DeployedPipeline start(
            AwsClients clients,
            URI endpoint,
            String stackName,
            Path assembly,
            EventSourceSettings.Timings timings,
            Faults faults,
            Consumer<String> functionLog,
            Consumer<String> eventSourceLog) {
        Deployment deployment = read(clients, stackName, assembly);
        GetFunctionConfigurationResponse configuration = deployment.function();
        // What the Lambda service adds, pointed at the engine (as the local runner does).
        Map<String, String> environment = EngineEnvironment.of(
                configuration.environment().variables(), endpoint, configuration.version(), logging(configuration));
        ChildJvmFunction function = new ChildJvmFunction(
                new ChildJvmFunction.Config(
                        deployment.functionJar(),
                        configuration.handler(),
                        environment,
                        Duration.ofSeconds(configuration.timeout()),
                        configuration.memorySize(),
                        configuration.functionName()),
                functionLog);
        EventSourceMappingConfiguration mapping = deployment.mapping();
        EventSourceSettings settings = new EventSourceSettings(
                deployment.streamArn(),
                mapping.batchSize(),
                "LATEST".equals(mapping.startingPositionAsString()),
                mapping.maximumRetryAttempts() == null ? -1 : mapping.maximumRetryAttempts(),
                mapping.maximumRecordAgeInSeconds() == null || mapping.maximumRecordAgeInSeconds() < 0
                        ? Optional.empty()
                        : Optional.of(Duration.ofSeconds(mapping.maximumRecordAgeInSeconds())),
                mapping.functionResponseTypes().contains(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES),
                Boolean.TRUE.equals(mapping.bisectBatchOnFunctionError()),
                deployment.onFailureQueueUrl(),
                mapping.functionArn(),
                timings);
        SqsClient sqs = clients.sqs();
        DynamoDbStreamsClient streams = clients.streams();
        EventSourceEmulator emulator = new EventSourceEmulator(
                settings,
                new StreamShardReader(streams, deployment.streamArn()),
                sqs,
                function,
                faults,
                eventSourceLog);
        if (mapping.state() == null || !mapping.state().equalsIgnoreCase("Disabled")) {
            emulator.start();
        }
        return new DeployedPipeline(deployment, function, emulator, List.of(sqs, streams));
    }

    /** The deployed function's logging config, as Lambda reports it (the engine may not keep one: then Text). */
    private static FunctionSpec.Logging logging(GetFunctionConfigurationResponse configuration) {
        LoggingConfig config = configuration.loggingConfig();
        if (config == null || config.logFormat() == null) {
            return FunctionSpec.Logging.TEXT;
        }
        return new FunctionSpec.Logging(
                config.logFormatAsString(), Optional.ofNullable(config.applicationLogLevelAsString()));
    }

    static Deployment read(AwsClients clients, String stackName, Path assembly) {
        try (CloudFormationClient cloudFormation = clients.cloudFormation();
                DynamoDbClient dynamo = clients.dynamo();
                LambdaClient lambda = clients.lambda();
                SqsClient sqs = clients.sqs()) {
            StackOutputs outputs = StackOutputs.read(cloudFormation, stackName, clients.scope());
            String orders = outputs.get(StackOutputNames.ORDERS_TABLE);
            String streamArn = dynamo.describeTable(request -> request.tableName(orders))
                    .table()
                    .latestStreamArn();
            if (streamArn == null) {
                throw new IllegalStateException("the deployed orders table " + orders + " has no stream");
            }
            List<EventSourceMappingConfiguration> mappings = lambda.listEventSourceMappings(
                            request -> request.eventSourceArn(streamArn))
                    .eventSourceMappings();
            if (mappings.size() != 1) {
                throw new IllegalStateException("expected one event source mapping on the orders stream " + streamArn
                        + ", found " + mappings.size());
            }
            EventSourceMappingConfiguration mapping = mappings.getFirst();
            GetFunctionConfigurationResponse function =
                    lambda.getFunctionConfiguration(request -> request.functionName(mapping.functionArn()));
            Optional<String> queueUrl = Optional.ofNullable(mapping.destinationConfig())
                    .map(config -> config.onFailure())
                    .map(onFailure -> onFailure.destination())
                    .filter(arn -> arn.startsWith("arn:aws:sqs:"))
                    .map(arn -> sqs.getQueueUrl(request -> request.queueName(arn.substring(arn.lastIndexOf(':') + 1)))
                            .queueUrl());
            Path jar = deployedJar(assembly, stackName, function);
            return new Deployment(
                    outputs,
                    orders,
                    outputs.get(StackOutputNames.TOTALS_TABLE),
                    outputs.get(StackOutputNames.LEDGER_TABLE),
                    streamArn,
                    function,
                    mapping,
                    queueUrl,
                    jar);
        }
    }

    /**
     * The jar the deploy uploaded: the asset the assembly's template names as the function's code ({@code S3Key}),
     * checked against the code hash Lambda reports for the deployed function.
     */
    private static Path deployedJar(Path assembly, String stackName, GetFunctionConfigurationResponse function) {
        JsonNode template;
        try {
            template = Json.MAPPER.readTree(
                    assembly.resolve(stackName + ".template.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the deployed template in " + assembly, e);
        }
        Path jar = null;
        for (JsonNode resource : template.path("Resources")) {
            if (resource.path("Type").asText().equals("AWS::Lambda::Function")) {
                String key =
                        resource.path("Properties").path("Code").path("S3Key").asText();
                jar = assembly.resolve("asset." + key);
            }
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "the function's code asset is not in " + assembly + " (expected " + jar + ")");
        }
        String sha256 = sha256(jar);
        if (function.codeSha256() != null
                && !function.codeSha256().isBlank()
                && !function.codeSha256().equals(sha256)) {
            throw new IllegalStateException(jar + " is not the deployed code: its SHA-256 is " + sha256 + ", Lambda's "
                    + function.codeSha256());
        }
        return jar;
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return Base64.getEncoder()
                    .encodeToString(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Deployment deployment() {
        return deployment;
    }

    EventSourceEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        emulator.close();
        function.close();
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing an SDK client does not fail
            }
        }
    }
}
