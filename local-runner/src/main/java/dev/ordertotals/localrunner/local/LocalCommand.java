package dev.ordertotals.localrunner.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.ledger.QuarantineIndex;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.localengine.eventsource.EventSourceEmulator;
import dev.ordertotals.localengine.eventsource.EventSourceSettings;
import dev.ordertotals.localengine.orders.OrderWrite;
import dev.ordertotals.localengine.orders.OrderWriter;
import dev.ordertotals.localengine.orders.OrdersFile;
import dev.ordertotals.localengine.orders.RandomOrders;
import dev.ordertotals.localengine.orders.SampleOrders;
import dev.ordertotals.localengine.template.StackTemplate;
import dev.ordertotals.localengine.template.TableSpec;
import dev.ordertotals.localengine.template.TemplateFile;
import dev.ordertotals.operator.aws.AwsOptions;
import dev.ordertotals.operator.cli.Console;
import dev.ordertotals.operator.cli.ExitCode;
import dev.ordertotals.operator.cli.OptionValues;
import dev.ordertotals.operator.cli.ServiceTarget;
import dev.ordertotals.operator.reconcile.ReconcileCheckpoint;
import dev.ordertotals.operator.reconcile.Reconciler;
import dev.ordertotals.operator.verify.TotalsReader;
import dev.ordertotals.operator.verify.TotalsVerifier;
import dev.ordertotals.operator.verify.VerifyOutput;
import dev.ordertotals.operator.verify.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code local}: the whole pipeline on this machine, from the synthesized template, no AWS account. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Run the whole pipeline on this machine (no AWS account) and verify the totals.",
        description = {
            "Starts the moto server, creates the tables and queue from the synthesized template (cdk.out, synthesized first "
                    + "if missing or stale), runs the real handler from the function jar in its own JVM fed by a Lambda-like "
                    + "event source, writes orders, waits until the stream is drained, prints the totals and verifies them.",
            "",
            "Orders: the source document's four samples by default (item123 = 40 and item312 = 40 today); --orders N random "
                    + "ones (with changes, cancellations and a few malformed ones); or --file FILE with your own, JSON Lines, "
                    + "one item per line, plain JSON {\"order_id\": \"1\", \"order_date\": \"2026-11-25T10:00:00Z\", "
                    + "\"item_id\": \"item123\", \"quantity\": 10} or DynamoDB JSON {\"order_id\": {\"S\": \"1\"}, ...}; "
                    + "a line {\"delete\": {\"order_id\": \"1\"}} deletes that order.",
            "",
            "Backfill: --existing M writes M random orders first, before the event source starts; it then starts at LATEST "
                    + "(after their records, as a new mapping on a table that already has orders would), and `reconcile` runs "
                    + "while the live orders are written and the function aggregates them. The live writes change and cancel "
                    + "existing orders too. Verify checks the totals against the orders and against the ledger, and each "
                    + "ledger entry against its order: e.g. --orders 2000 --existing 3000 ends with \"Verify: exact\".",
            "",
            "Sizes that are practical on a laptop (2 cores; the local engine serves one request at a time, as DynamoDB "
                    + "serializes transactions): --orders 1000 takes well under a minute at any batch size; --orders 10000 "
                    + "(about 12,800 writes) takes about 80 s at batch size 100 and 130 s at batch size 2, exact, nothing "
                    + "given up on; time grows linearly with the orders. Batch sizes beyond 100 work but gain nothing locally "
                    + "(a transaction holds at most 100 actions). docs/benchmarks.md has the measured figures.",
            ""
        },
        footer = {"", "Exit codes: 0 totals exact, 1 drift, 2 error."})
public final class LocalCommand implements Callable<Integer>, ServiceTarget {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions shared = new RunOptions();

    @Option(
            names = "--existing",
            paramLabel = "M",
            defaultValue = "0",
            converter = OptionValues.NonNegativeInt.class,
            description =
                    "First write M random orders (with changes and cancellations) before the event source starts, then start "
                            + "it at LATEST, as a new mapping on a table with orders; `reconcile` backfills them while the live orders are "
                            + "written and the function runs (default: ${DEFAULT-VALUE}).")
    int existing;

    @Option(
            names = "--aggregations",
            paramLabel = "FILE",
            description =
                    "Aggregations to keep beside the default one: a JSON list as cdk.json's `aggregations` context "
                            + "holds it (see examples/aggregations.json). The stack is synthesized with them into "
                            + "target/local-aggregations, and every aggregation is verified at the end.")
    Path aggregations;

    @Option(
            names = "--template",
            paramLabel = "FILE",
            description = "Synthesized template to run (default: cdk.out, synthesized if needed).")
    Path template;

    @Option(
            names = "--function-jar",
            paramLabel = "JAR",
            description = "Function jar (default: the template's asset in cdk.out, else " + FunctionArtifact.JAR + ").")
    Path functionJar;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            converter = AwsOptions.EndpointUrl.class,
            description = "Use this running moto server instead of starting one.")
    URI endpointUrl;

    @Option(
            names = "--name-prefix",
            paramLabel = "PREFIX",
            converter = NamePrefix.class,
            defaultValue = "local",
            description = "Prefix of the local resource names (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(
            names = "--keep-running",
            description = "Leave the pipeline running and print how to write orders by hand; Ctrl-C stops it.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Console console = new Console(spec.commandLine().getErr(), Console.stderrIsTerminal());
        shared.validate();
        if (endpointUrl != null) {
            requireListening(endpointUrl);
        }
        if (functionJar != null) {
            // Before a synthesis: that it is a jar at all; the handler's class once the template names it.
            FunctionJarCheck.check(functionJar, null, "--function-jar");
        }
        Path templatePath = templatePath(console);
        StackTemplate stack = readTemplate(templatePath);
        FunctionJarCheck.check(
                LocalRun.functionJarOf(Optional.ofNullable(functionJar), stack.function()),
                stack.function().handler(),
                functionJar != null ? "--function-jar" : "the function jar");
        long chosenSeed = shared.chosenSeed();
        RandomOrders random = new RandomOrders(
                chosenSeed,
                stack.sourceTable().partitionKey(),
                stack.sourceTable().attributeType(stack.sourceTable().partitionKey()),
                shared.malformedPercent,
                Clock.systemUTC());
        // Existing orders first, from the same generator: the live writes then change and cancel some of them too.
        List<OrderWrite> existingWrites = random.writes(existing);
        StringBuilder ordersLine = new StringBuilder();
        List<OrderWrite> writes = writes(stack.sourceTable(), random, chosenSeed, ordersLine);

        Path logFile = Files.createTempFile("order-totals-local-", ".log");
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true);
        MotoServer moto = null;
        if (endpointUrl == null) {
            console.line("Starting the local engine (moto server)...");
            moto = MotoServer.start(ProjectPaths.root());
        }
        URI endpoint = endpointUrl != null ? endpointUrl : moto.endpoint();
        LocalRun.Options options = new LocalRun.Options(
                Optional.ofNullable(functionJar),
                prefix,
                EventSourceSettings.Timings.interactive(),
                shared.faults(),
                new FunctionLog(log, console, shared.verbose),
                line -> {
                    log.println("event source | " + line);
                    console.line("event source | " + line);
                },
                existing > 0);
        LocalRun run = LocalRun.create(stack, endpoint, options);
        MotoServer startedMoto = moto;
        AtomicReference<Reconciler> reconciling = new AtomicReference<>();
        Thread stop = new Thread(
                () -> {
                    Optional.ofNullable(reconciling.get()).ifPresent(Reconciler::stop);
                    stop(run, startedMoto, log);
                },
                "local-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            describe(out, run, templatePath, logFile, existing > 0);
            List<String> keyAttributes = run.template().sourceTable().keySchema().stream()
                    .map(TableSpec.Key::name)
                    .toList();
            if (existing > 0) {
                out.printf(
                        "Existing: %d random orders, %d writes in all (--seed %d repeats them), written before the event source starts%n",
                        existing, existingWrites.size(), chosenSeed);
                out.flush();
                OrderWriter before = new OrderWriter(run.dynamo(), run.ordersTable(), keyAttributes);
                console.startProgress(
                        () -> progress(before, existingWrites.size(), run.emulator(), null), Duration.ofSeconds(5));
                before.writeAll(existingWrites);
                console.endProgress();
            }
            run.startEventSource();
            out.println(ordersLine);
            if (existing > 0) {
                out.println(
                        "Backfill: reconcile runs while the live orders are written and the function aggregates them");
            }
            out.flush();
            OrderWriter writer = new OrderWriter(run.dynamo(), run.ordersTable(), keyAttributes);
            Thread reconcileThread = null;
            AtomicReference<Object> reconciled = new AtomicReference<>();
            AtomicReference<Double> reconcileSeconds = new AtomicReference<>(0.0);
            if (existing > 0) {
                Reconciler reconciler = new Reconciler(
                        run.dynamo(),
                        new Reconciler.Tables(run.pipeline()),
                        Reconciler.Settings.defaults(),
                        new Reconciler.Listener() {
                            @Override
                            public void failed(String orderKey, String reason) {
                                console.line("reconcile | NOT CORRECTED order " + orderKey + ": " + reason);
                            }
                        });
                reconciling.set(reconciler);
                reconcileThread = Thread.ofPlatform()
                        .name("local-reconcile")
                        .daemon()
                        .start(() -> {
                            try {
                                long reconcileStarted = System.nanoTime();
                                reconciled.set(reconciler.run(ReconcileCheckpoint.none(
                                        Reconciler.Settings.defaults().segments())));
                                reconcileSeconds.set(seconds(reconcileStarted));
                            } catch (RuntimeException e) {
                                reconciled.set(e);
                            }
                        });
            }
            console.startProgress(
                    () -> progress(writer, writes.size(), run.emulator(), reconciling.get()), Duration.ofSeconds(5));
            writer.writeAll(writes);
            if (reconcileThread != null) {
                reconcileThread.join();
            }
            try {
                run.emulator().awaitDrained(Duration.ofSeconds(shared.drainTimeoutSeconds));
            } catch (TimeoutException e) {
                console.endProgress();
                throw new IllegalStateException(e.getMessage() + "; the function log is in " + logFile);
            }
            console.endProgress();
            if (reconciled.get() instanceof RuntimeException failure) {
                throw new IllegalStateException("reconcile failed: " + failure.getMessage(), failure);
            }
            out.printf(
                    "Wrote %d order changes; the stream is drained (%.1f s since start).%n",
                    writer.written(), seconds(started));
            if (reconciled.get() instanceof Reconciler.Result result) {
                out.printf(
                        "Reconcile, concurrent with the live writes: %d orders scanned, %d corrected, %d orphan entries tombstoned, %d failed "
                                + "(%.1f s).%n",
                        result.scanned(),
                        result.corrected(),
                        result.orphans(),
                        result.failed(),
                        reconcileSeconds.get());
            }

            Aggregations aggregations = run.aggregations();
            for (Aggregation aggregation : aggregations.all()) {
                TotalsTableView.print(
                        out,
                        aggregation,
                        aggregations.all().size() > 1,
                        TotalsReader.readAll(run.dynamo(), aggregation, 4),
                        shared.show);
            }
            long malformed = QuarantineIndex.count(run.dynamo(), run.ledgerTable(), LedgerItem.MALFORMED);
            long refused = QuarantineIndex.count(run.dynamo(), run.ledgerTable(), LedgerItem.REFUSED);
            if (malformed + refused > 0) {
                out.printf(
                        "%d malformed order(s)%s quarantined in %s (index %s), with their reason: list them with `quarantine`.%n",
                        malformed,
                        refused == 0 ? "" : " and " + refused + " refused record(s)",
                        run.ledgerTable(),
                        LedgerItem.QUARANTINE_INDEX);
            }
            EventSourceEmulator.Stats stats = run.emulator().stats();
            out.printf(
                    "Event source: %d invocations, %d failed and retried, %d records given up on.%n%n",
                    stats.invocations(), stats.failedInvocations(), stats.recordsGivenUp());

            VerifyReport report = new TotalsVerifier(run.dynamo(), 4).verify(run.pipeline());
            VerifyOutput.print(out, report, 20);
            out.printf("Done in %.1f s.%n", seconds(started));
            out.flush();
            if (keepRunning) {
                keepRunning(out, console, run);
            }
            return report.exact() ? ExitCode.OK : ExitCode.DRIFT;
        } finally {
            console.endProgress();
            if (!keepRunning) {
                Runtime.getRuntime().removeShutdownHook(stop);
                Optional.ofNullable(reconciling.get()).ifPresent(Reconciler::stop);
                stop(run, moto, log);
            }
        }
    }

    @Override
    public String where() {
        return endpointUrl != null ? endpointUrl.toString() : "the local engine";
    }

    /** An engine given with --endpoint-url must answer before anything is synthesized or created. */
    private static void requireListening(URI endpoint) {
        int port = endpoint.getPort() > 0
                ? endpoint.getPort()
                : endpoint.getScheme().equals("https") ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), 2000);
        } catch (IOException e) {
            throw new IllegalArgumentException("--endpoint-url " + endpoint + ": nothing answers there ("
                    + e.getMessage() + "); start the engine, or leave --endpoint-url out and `local` starts one");
        }
    }

    /** The template given, else one synthesized with the declared aggregations, else cdk.out's. */
    private Path templatePath(Console console) {
        if (aggregations == null) {
            return template != null ? template : TemplateFile.synthesizedIfNeeded(ProjectPaths.root(), console::line);
        }
        if (template != null) {
            throw new IllegalArgumentException(
                    "--aggregations and --template both say what to run: give the aggregations to the synth of your"
                            + " template (-c aggregations=...), or leave --template out");
        }
        JsonNode declared;
        try {
            declared = Json.MAPPER.readTree(Files.readString(aggregations));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--aggregations " + aggregations + ": not a readable JSON file (" + e.getMessage() + ")");
        }
        return TemplateFile.synthesizedWithAggregations(
                ProjectPaths.root(), declared, ProjectPaths.root().resolve("target/local-aggregations"), console::line);
    }

    /** The template, or one line saying why it is not one the local run can use. */
    private StackTemplate readTemplate(Path path) {
        String option = template != null ? "--template " : "the template ";
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(option + path + ": no such file; give a template `npx cdk synth` wrote"
                    + " (cdk.out/OrderTotals.template.json), or leave --template out to synthesize it");
        }
        try {
            return StackTemplate.read(path);
        } catch (UncheckedIOException e) {
            String reason = e.getCause() instanceof JsonProcessingException json
                    ? json.getOriginalMessage()
                    : e.getCause().getMessage();
            throw new IllegalArgumentException(option + path + " is not a JSON template ("
                    + reason.lines().findFirst().orElse(reason) + "); give one `npx cdk synth` wrote");
        }
    }

    /**
     * {@code --name-prefix}: the start of every local table and queue name, so what both DynamoDB and SQS accept in a
     * name, short enough for the longest name it starts.
     */
    static final class NamePrefix implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[A-Za-z0-9_-]{1,40}")) {
                throw new TypeConversionException(
                        "'" + value + "' cannot start a table and queue name: give 1 to 40 letters, digits, - or _");
            }
            return value;
        }
    }

    /** The live writes to make, read or generated before anything starts so a bad file fails fast; {@code line} says what they are. */
    private List<OrderWrite> writes(TableSpec orders, RandomOrders random, long chosenSeed, StringBuilder line) {
        String key = orders.partitionKey();
        if (shared.orders.file != null) {
            List<OrderWrite> fromFile = OrdersFile.read(
                    shared.orders.file,
                    orders.keySchema().stream().map(TableSpec.Key::name).toList());
            line.append(String.format("Orders:   %d from %s", fromFile.size(), shared.orders.file));
            return fromFile;
        }
        if (shared.orders.count != null) {
            List<OrderWrite> live = random.writes(shared.orders.count);
            line.append(String.format(
                    "Orders:   %d random orders, %d writes in all with changes and cancellations (--seed %d repeats them)",
                    shared.orders.count, live.size(), chosenSeed));
            return live;
        }
        line.append("Orders:   the source document's four sample orders, dated now");
        return SampleOrders.writes(key, Clock.systemUTC());
    }

    private static void describe(PrintWriter out, LocalRun run, Path template, Path logFile, boolean atLatest) {
        var source = run.template().eventSource();
        var function = run.template().function();
        out.printf("Template: %s%n", template);
        out.printf("Engine:   %s (moto: DynamoDB, DynamoDB Streams, SQS)%n", run.endpoint());
        out.printf(
                "Tables:   orders %s, totals %s, state %s%n", run.ordersTable(), run.totalsTable(), run.ledgerTable());
        out.printf(
                "Function: %s from %s, in its own JVM (timeout %d s, log: %s)%n",
                function.handler(), run.functionJar(), function.timeout().toSeconds(), logFile);
        String position = atLatest
                ? "LATEST (--existing: after the existing orders, as a new mapping on a table with orders; the template says "
                        + source.startingPosition() + ")"
                : source.startingPosition();
        out.printf(
                "Events:   batch size %d from %s, %s retries, max record age %s, bisect on error %s, partial batch responses %s%n",
                source.batchSize(),
                position,
                source.maximumRetryAttempts() < 0 ? "unlimited" : source.maximumRetryAttempts(),
                source.maximumRecordAgeSeconds() < 0 ? "none" : source.maximumRecordAgeSeconds() + " s",
                source.bisectBatchOnFunctionError(),
                source.reportBatchItemFailures());
        out.flush();
    }

    private static String progress(OrderWriter writer, int total, EventSourceEmulator emulator, Reconciler reconciler) {
        EventSourceEmulator.Stats stats = emulator.stats();
        int width = 24;
        int filled = total == 0 ? width : (int) ((long) writer.written() * width / total);
        String line = String.format(
                "[%s%s] written %d/%d | aggregated %d records (%d invocations) | lag %.1f s",
                "#".repeat(filled),
                ".".repeat(width - filled),
                writer.written(),
                total,
                stats.recordsProcessed(),
                stats.invocations(),
                stats.lag().toMillis() / 1000.0);
        if (reconciler == null) {
            return line;
        }
        Reconciler.Progress progress = reconciler.progress();
        return line
                + String.format(
                        " | reconcile: %d scanned, %d corrected",
                        progress.scanned(), progress.corrected() + progress.orphans());
    }

    private void keepRunning(PrintWriter out, Console console, LocalRun run) throws InterruptedException {
        out.printf(
                "%nThe pipeline keeps running; Ctrl-C stops it. Write orders by hand and watch the totals change:%n");
        byHand(
                        run.endpoint(),
                        run.template().sourceTable().partitionKey(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        new Tables(run.ordersTable(), run.totalsTable(), run.ledgerTable(), run.onFailureQueueUrl()),
                        scripts(ProjectPaths.root(), Path.of("").toAbsolutePath()))
                .forEach(line -> out.println("  " + line));
        out.flush();
        console.startProgress(
                () -> {
                    EventSourceEmulator.Stats stats = run.emulator().stats();
                    return String.format(
                            "aggregated %d records (%d invocations) | lag %.1f s",
                            stats.recordsProcessed(),
                            stats.invocations(),
                            stats.lag().toMillis() / 1000.0);
                },
                Duration.ofSeconds(30));
        new CountDownLatch(1).await();
    }

    /** The local resources the commands printed for {@code --keep-running} work on. */
    record Tables(String orders, String totals, String ledger, Optional<String> onFailureQueueUrl) {}

    /**
     * The commands to paste while the pipeline keeps running: the AWS CLI on the engine (credentials and region in
     * the variables both CLI v1 and v2 read), and the operator tools through their scripts, which find a JDK 25 and
     * build their jar as needed.
     *
     * @param scripts the scripts folder as the user can type it from where they are ({@link #scripts})
     */
    static List<String> byHand(URI endpoint, String partitionKey, Instant now, Tables tables, String scripts) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                "export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_REGION=%s AWS_DEFAULT_REGION=%s",
                MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY, MotoServer.REGION, MotoServer.REGION));
        lines.add(
                String.format("aws dynamodb put-item --endpoint-url %s --table-name %s \\", endpoint, tables.orders()));
        lines.add(String.format(
                "    --item '{\"%s\": {\"S\": \"900001\"}, \"order_date\": {\"S\": \"%s\"}, \"item_id\": {\"S\": \"item123\"}, \"quantity\": {\"N\": \"5\"}}'",
                partitionKey, now));
        lines.add(String.format("aws dynamodb scan --endpoint-url %s --table-name %s", endpoint, tables.totals()));
        String three = String.format(
                "--endpoint-url %s --orders-table %s --totals-table %s --state-table %s",
                endpoint, tables.orders(), tables.totals(), tables.ledger());
        lines.add(scripts + "verify " + three);
        lines.add(scripts + "reconcile " + three);
        lines.add(String.format("%squarantine --endpoint-url %s --state-table %s", scripts, endpoint, tables.ledger()));
        tables.onFailureQueueUrl()
                .ifPresent(url -> lines.add(String.format(
                        "%sreplay --endpoint-url %s --queue-url %s --totals-table %s --state-table %s",
                        scripts, endpoint, url, tables.totals(), tables.ledger())));
        return lines;
    }

    /** {@code scripts/} from the project root, else the scripts folder's absolute path (with its slash). */
    static String scripts(Path root, Path workingDirectory) {
        return root.equals(workingDirectory) ? "scripts/" : root.resolve("scripts") + "/";
    }

    private static void stop(LocalRun run, MotoServer moto, PrintWriter log) {
        run.close();
        if (moto != null) {
            moto.close();
        }
        log.close();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
