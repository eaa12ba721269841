package dev.ordertotals.localrunner.local;

import dev.ordertotals.contract.StackOutputNames;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.localengine.LocalCdk;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.localengine.eventsource.EventSourceEmulator;
import dev.ordertotals.localengine.eventsource.EventSourceSettings;
import dev.ordertotals.localengine.orders.OrderWrite;
import dev.ordertotals.localengine.orders.OrderWriter;
import dev.ordertotals.localengine.orders.OrdersFile;
import dev.ordertotals.localengine.orders.RandomOrders;
import dev.ordertotals.localengine.orders.SampleOrders;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.operator.cli.Console;
import dev.ordertotals.operator.verify.TotalsReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code scripts/local-deploy}: the stack deployed into the local engine with the same {@code cdk deploy} a user runs
 * on AWS, and its data path run against the deployed tables. A command of its own (not a subcommand of the tools'
 * CLI yet) so that it can be added beside {@code local} without touching it.
 */
@Command(
        name = "local-deploy",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header =
                "Deploy the stack into the local engine with `cdk deploy`, run its data path on the deployed tables, verify.",
        description = {
            "Starts the local engine (moto, through the project's launcher), runs `cdk bootstrap` and `cdk deploy` with the "
                    + "project's pinned CDK CLI against it (the same deploy as on AWS: cdk.json's app builds the function and "
                    + "synthesizes the stack), then reads the deployed stack: the tables from its outputs, the function's handler, "
                    + "environment, timeout and memory from Lambda, the event source mapping's settings from Lambda. It runs the "
                    + "function from the jar the deploy uploaded, in its own JVM, fed by the event source emulator configured as "
                    + "the deployed mapping is, writes orders to the deployed orders table, waits until the stream is drained and "
                    + "runs `verify --stack`, as on AWS.",
            "",
            "Slower than `local` (a deploy builds and synthesizes first); `local` reads the synthesized template instead.",
            ""
        },
        footer = {"", "Exit codes: 0 totals exact, 1 drift, 2 error."})
public final class LocalDeployCommand implements Callable<Integer> {

    /** The assembly the deploy writes, beside (not over) the one {@code cdk synth} and {@code local} use. */
    static final String ASSEMBLY = "cdk.out/local-deploy";

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions shared = new RunOptions();

    @Option(
            names = {"-c", "--context"},
            paramLabel = "KEY=VALUE",
            description = "Passed to `cdk deploy` as -c KEY=VALUE (e.g. batchSize=10).")
    List<String> context = new ArrayList<>();

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            defaultValue = StackOutputNames.DEFAULT_STACK_NAME,
            description = "The stack's name (default: ${DEFAULT-VALUE}).")
    String stack;

    @Option(
            names = "--destroy",
            description = "Run `cdk destroy --force` at the end, and show what is left of the stack.")
    boolean destroy;

    @Option(
            names = "--keep-running",
            description = "Leave the engine and the pipeline running and print how to use them; Ctrl-C stops it.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Console console = new Console(spec.commandLine().getErr(), Console.stderrIsTerminal());
        shared.validate();
        Path root = ProjectPaths.root();
        Path logFile = Files.createTempFile("order-totals-local-deploy-", ".log");
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true);

        console.line("Starting the local engine (moto server)...");
        MotoServer moto = MotoServer.start(root);
        AtomicReference<DeployedPipeline> pipeline = new AtomicReference<>();
        Thread stop = new Thread(() -> stop(pipeline, moto, log), "local-deploy-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try (AwsClients clients = AwsClients.local(moto.endpoint());
                DynamoDbClient dynamo = clients.dynamo()) {
            LocalCdk cdk = new LocalCdk(root, moto.endpoint(), Duration.ofMinutes(15));
            out.printf(
                    "Engine:   %s (moto through the project's launcher; dummy credentials %s/%s, region %s)%n",
                    moto.endpoint(), MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY, MotoServer.REGION);
            out.printf("%n$ npx cdk bootstrap %s%n", LocalCdk.ENVIRONMENT);
            out.flush();
            LocalCdk.Result bootstrap = cdk.bootstrap(line -> cliLine(line, shared.verbose, out, log))
                    .orThrow();
            out.printf("  (bootstrapped in %.1f s)%n", bootstrap.took().toMillis() / 1000.0);

            List<String> deployOptions = new ArrayList<>(List.of("-o", ASSEMBLY));
            context.forEach(value -> deployOptions.addAll(List.of("-c", value)));
            List<String> shown = new ArrayList<>(LocalCdk.DEPLOY_OPTIONS);
            shown.addAll(deployOptions);
            out.printf("%n$ npx cdk deploy %s%n", String.join(" ", shown));
            out.flush();
            failedWith(cdk.deploy(deployOptions, line -> cliLine(line, true, out, log)));

            pipeline.set(DeployedPipeline.start(
                    clients,
                    moto.endpoint(),
                    stack,
                    root.resolve(ASSEMBLY),
                    EventSourceSettings.Timings.interactive(),
                    shared.faults(),
                    new FunctionLog(log, console, shared.verbose),
                    line -> {
                        log.println("event source | " + line);
                        console.line("event source | " + line);
                    }));
            DeployedPipeline.Deployment deployed = pipeline.get().deployment();
            EventSourceEmulator emulator = pipeline.get().emulator();
            describe(out, deployed, logFile);

            var key = dynamo.describeTable(request -> request.tableName(deployed.ordersTable()))
                    .table();
            List<OrderWrite> writes = writes(
                    out,
                    key.keySchema().getFirst().attributeName(),
                    key.attributeDefinitions().stream()
                            .filter(attribute -> attribute
                                    .attributeName()
                                    .equals(key.keySchema().getFirst().attributeName()))
                            .findFirst()
                            .orElseThrow()
                            .attributeTypeAsString());
            OrderWriter writer = new OrderWriter(
                    dynamo,
                    deployed.ordersTable(),
                    key.keySchema().stream().map(k -> k.attributeName()).toList());
            console.startProgress(() -> progress(writer, writes.size(), emulator), Duration.ofSeconds(5));
            writer.writeAll(writes);
            try {
                emulator.awaitDrained(Duration.ofSeconds(shared.drainTimeoutSeconds));
            } catch (TimeoutException e) {
                console.endProgress();
                throw new IllegalStateException(e.getMessage() + "; the function log is in " + logFile);
            }
            console.endProgress();
            out.printf(
                    "Wrote %d order changes to the deployed orders table; the stream is drained (%.1f s since start).%n",
                    writer.written(), seconds(started));
            TotalsTableView.print(
                    out,
                    Aggregation.orderTotals(deployed.totalsTable()),
                    false,
                    TotalsReader.readAll(dynamo, deployed.totalsTable(), 4),
                    shared.show);
            EventSourceEmulator.Stats stats = emulator.stats();
            out.printf(
                    "Event source: %d invocations, %d failed and retried, %d records given up on.%n",
                    stats.invocations(), stats.failedInvocations(), stats.recordsGivenUp());

            out.printf("%n$ scripts/verify --stack %s --endpoint-url %s%n", stack, moto.endpoint());
            out.flush();
            int verified = OperatorCli.commandLine()
                    .setOut(out)
                    .setErr(spec.commandLine().getErr())
                    .execute(
                            "verify",
                            "--stack",
                            stack,
                            "--endpoint-url",
                            moto.endpoint().toString());

            if (destroy) {
                pipeline.getAndSet(null).close();
                out.printf("%n$ npx cdk destroy --app %s --force%n", ASSEMBLY);
                out.flush();
                cdk.run(List.of("destroy", "--app", ASSEMBLY, "--force"), line -> cliLine(line, true, out, log))
                        .orThrow();
                List<String> tables = dynamo.listTables().tableNames();
                out.printf(
                        "Left in the engine: %s%n",
                        tables.isEmpty() ? "no table" : "tables " + tables + " (retainData=true keeps them)");
            }
            out.printf("Done in %.1f s.%n", seconds(started));
            out.flush();
            if (keepRunning && !destroy) {
                keepRunning(out, moto, deployed);
            }
            return verified;
        } finally {
            console.endProgress();
            Runtime.getRuntime().removeShutdownHook(stop);
            stop(pipeline, moto, log);
        }
    }

    /**
     * A failed deploy in one line: its output is on the screen already, so the line names the command and the
     * output's error (a bad context key, say), not the whole output again.
     */
    static void failedWith(LocalCdk.Result result) {
        if (result.succeeded()) {
            return;
        }
        List<String> lines = result.output()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        String reason = lines.stream()
                .filter(line -> line.startsWith("error:") || line.startsWith("❌"))
                .findFirst()
                .or(() -> lines.isEmpty() ? Optional.empty() : Optional.of(lines.getLast()))
                .map(line -> line.replaceFirst("^error: ", ""))
                .orElse("no output");
        throw new IllegalStateException(
                "`cdk deploy` failed (exit " + result.exitCode() + "): " + reason + " (its output is above)");
    }

    /** The CLI's output: every line to the log, and to the console when {@code shown}. */
    private static void cliLine(String line, boolean shown, PrintWriter out, PrintWriter log) {
        log.println("cdk | " + line);
        if (shown) {
            out.println("  " + line);
            out.flush();
        }
    }

    private List<OrderWrite> writes(PrintWriter out, String key, String keyType) {
        if (shared.orders.file != null) {
            List<OrderWrite> fromFile = OrdersFile.read(shared.orders.file, List.of(key));
            out.printf("Orders:   %d from %s%n", fromFile.size(), shared.orders.file);
            return fromFile;
        }
        if (shared.orders.count != null) {
            long chosen = shared.chosenSeed();
            List<OrderWrite> random = new RandomOrders(chosen, key, keyType, shared.malformedPercent, Clock.systemUTC())
                    .writes(shared.orders.count);
            out.printf(
                    "Orders:   %d random orders, %d writes in all with changes and cancellations (--seed %d repeats them)%n",
                    shared.orders.count, random.size(), chosen);
            return random;
        }
        out.println("Orders:   the source document's four sample orders, dated now");
        return SampleOrders.writes(key, Clock.systemUTC());
    }

    private static void describe(PrintWriter out, DeployedPipeline.Deployment deployed, Path logFile) {
        var function = deployed.function();
        var mapping = deployed.mapping();
        out.printf(
                "%nDeployed: stack %s, read back from CloudFormation and Lambda%n",
                deployed.outputs().stackName());
        out.printf(
                "Tables:   orders %s, totals %s, state %s%n",
                deployed.ordersTable(), deployed.totalsTable(), deployed.ledgerTable());
        out.printf(
                "Function: %s (%s, version %s), handler %s, from %s, in its own JVM (timeout %d s, log: %s)%n",
                function.functionName(),
                function.runtimeAsString(),
                function.version(),
                function.handler(),
                deployed.functionJar(),
                function.timeout(),
                logFile);
        out.printf(
                "Mapping:  %s -> %s: batch size %d from %s, %s retries, max record age %s, bisect on error %s, %s%n",
                mapping.uuid(),
                mapping.functionArn(),
                mapping.batchSize(),
                mapping.startingPositionAsString(),
                mapping.maximumRetryAttempts() == null || mapping.maximumRetryAttempts() < 0
                        ? "unlimited"
                        : mapping.maximumRetryAttempts(),
                mapping.maximumRecordAgeInSeconds() == null || mapping.maximumRecordAgeInSeconds() < 0
                        ? "none"
                        : mapping.maximumRecordAgeInSeconds() + " s",
                mapping.bisectBatchOnFunctionError(),
                mapping.functionResponseTypesAsStrings().isEmpty()
                        ? "whole-batch responses"
                        : "response types " + mapping.functionResponseTypesAsStrings());
        out.printf(
                "          played by the event source emulator (the engine never invokes a mapping); on failure: %s%n",
                deployed.onFailureQueueUrl().orElse("nowhere"));
        out.flush();
    }

    private static String progress(OrderWriter writer, int total, EventSourceEmulator emulator) {
        EventSourceEmulator.Stats stats = emulator.stats();
        int width = 24;
        int filled = total == 0 ? width : (int) ((long) writer.written() * width / total);
        return String.format(
                "[%s%s] written %d/%d | aggregated %d records (%d invocations) | lag %.1f s",
                "#".repeat(filled),
                ".".repeat(width - filled),
                writer.written(),
                total,
                stats.recordsProcessed(),
                stats.invocations(),
                stats.lag().toMillis() / 1000.0);
    }

    private void keepRunning(PrintWriter out, MotoServer moto, DeployedPipeline.Deployment deployed)
            throws InterruptedException {
        String endpoint = moto.endpoint().toString();
        out.printf(
                "%nThe engine and the pipeline keep running; Ctrl-C stops them. As on AWS, with the engine's endpoint:%n");
        // CLI v1 reads AWS_DEFAULT_REGION only; v2 prefers AWS_REGION: both, so neither goes to another region.
        out.printf(
                "  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_REGION=%s AWS_DEFAULT_REGION=%s%n",
                MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY, MotoServer.REGION, MotoServer.REGION);
        out.printf("  aws cloudformation describe-stacks --endpoint-url %s --stack-name %s%n", endpoint, stack);
        out.printf(
                "  aws dynamodb put-item --endpoint-url %s --table-name %s --item '{\"order_id\": {\"S\": \"900001\"}, ...}'%n",
                endpoint, deployed.ordersTable());
        out.printf("  aws dynamodb scan --endpoint-url %s --table-name %s%n", endpoint, deployed.totalsTable());
        out.printf(
                "  %sverify --stack %s --endpoint-url %s%n",
                LocalCommand.scripts(ProjectPaths.root(), Path.of("").toAbsolutePath()), stack, endpoint);
        Path root = ProjectPaths.root();
        out.printf(
                "  %sAWS_ENDPOINT_URL=%s AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION=http://localhost:%d npx cdk diff --app %s%n",
                root.equals(Path.of("").toAbsolutePath()) ? "" : "cd " + root + " && ",
                endpoint,
                moto.endpoint().getPort(),
                ASSEMBLY);
        out.flush();
        new CountDownLatch(1).await();
    }

    private static void stop(AtomicReference<DeployedPipeline> pipeline, MotoServer moto, PrintWriter log) {
        DeployedPipeline running = pipeline.getAndSet(null);
        if (running != null) {
            running.close();
        }
        moto.close();
        log.close();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
