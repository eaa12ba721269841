package dev.ordertotals.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.infra.OrderTotalsApp;
import dev.ordertotals.localengine.LocalCdk;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.ProjectPaths;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The stack's life as a user lives it, with the project's pinned CDK CLI against the local engine: {@code cdk
 * bootstrap}, {@code cdk deploy}, an update ({@code -c batchSize=10}), {@code cdk destroy --force}; and with {@code -c
 * retainData=true} a deploy and a destroy that leaves the tables and the queue and nothing else. Every step is
 * checked through the AWS SDK, never on the CLI's word: after a deploy the stack holds every resource of its
 * template, each wired as the template says ({@link StackWiring}), and the engine holds exactly what it held before
 * plus the stack ({@link Inventory}); after a destroy, exactly what it held before.
 *
 * <p>How, and why so: the three variants are synthesized once each by the CLI, while the engines start and are
 * bootstrapped, into cloud assemblies ({@code cdk synth -c ... -o DIR}), and each deploy reads its assembly
 * ({@code cdk deploy --app DIR}, as {@code cdk deploy --app cdk.out} does). The app those syntheses run is cdk.json's
 * app class hosted in this JVM ({@link AppHost}) rather than cdk.json's {@code mvn ... exec:java}: a nested Maven
 * build per synthesis would rebuild the targets of the build running this test, and a cold CDK runtime costs about
 * 13 s of CPU per synthesis where a warm one costs about 1 s. The CLI still does everything else: it merges cdk.json's
 * context with the {@code -c} values and hands them to the app. {@code scripts/test} runs cdk.json's app itself with
 * {@code cdk synth}. The local engine is our moto launcher; see its docstring for what it adds to moto to deploy this
 * stack, and the README for what moto cannot check.
 */
class DeployLifecycleTest {

    private static final String STACK = OrderTotalsApp.STACK_NAME;
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(4);
    private static final Set<String> CLOUDFORMATION_PATCHES =
            Set.of("cfn-alias", "cfn-version", "cfn-alarm", "cfn-queue-policy");

    private static final Path ROOT = ProjectPaths.root();
    private static Path work;
    private static PrintWriter log;
    private static AppHost app;
    private static MotoServer engine;
    private static LocalCdk cdk;
    private static EngineClients clients;
    private static Path defaults;
    private static Path batchOf10;
    private static Path retained;
    /** An engine without the launcher's CloudFormation patches: what plain moto makes of a deploy. */
    private static MotoServer plainEngine;

    private static LocalCdk plainCdk;

    @BeforeAll
    static void synthesizeAndBootstrap() throws Exception {
        Path functionJar = ROOT.resolve("function/target/order-totals-function-lambda.jar");
        assertThat(functionJar)
                .as("the function jar the stack deploys (mvn package builds it)")
                .exists();
        work = Files.createDirectories(ROOT.resolve("lifecycle/target/lifecycle"));
        log = new PrintWriter(Files.newBufferedWriter(work.resolve("cdk.log")), true);
        long started = System.nanoTime();
        app = new AppHost(ROOT);
        engine = MotoServer.start(ROOT); // first: it installs the project's venv if a fresh clone has none
        cdk = new LocalCdk(ROOT, engine.endpoint(), CLI_TIMEOUT);
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Path> synthDefaults = CompletableFuture.supplyAsync(() -> synth("defaults"), parallel);
            CompletableFuture<Path> synthBatchOf10 =
                    CompletableFuture.supplyAsync(() -> synth("batch-size-10", "batchSize=10"), parallel);
            CompletableFuture<Path> synthRetained =
                    CompletableFuture.supplyAsync(() -> synth("retain-data", "retainData=true"), parallel);
            CompletableFuture<Void> plain = CompletableFuture.runAsync(
                    () -> {
                        plainEngine = MotoServer.start(ROOT, CLOUDFORMATION_PATCHES);
                        plainCdk = new LocalCdk(ROOT, plainEngine.endpoint(), CLI_TIMEOUT);
                        step("bootstrap (plain moto)", plainCdk.bootstrap(line -> log.println("plain | " + line)));
                    },
                    parallel);
            step("bootstrap", cdk.bootstrap(DeployLifecycleTest::log));
            clients = new EngineClients(engine.endpoint());
            defaults = synthDefaults.get(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            batchOf10 = synthBatchOf10.get(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            retained = synthRetained.get(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            plain.get(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        app.close();
        System.out.printf(
                "lifecycle: three syntheses and two bootstraps in %.1f s (CLI output: %s)%n",
                seconds(started), work.resolve("cdk.log"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (clients != null) {
            clients.close();
        }
        for (MotoServer server : new MotoServer[] {engine, plainEngine}) {
            if (server != null) {
                server.close();
            }
        }
        if (log != null) {
            log.close();
        }
    }

    /** A test that failed half-way leaves its stack: delete it, so the next one deploys afresh (its tables may stay). */
    @AfterEach
    void deleteWhatAFailedTestLeft() {
        boolean left = clients.cloudFormation.listStacks().stackSummaries().stream()
                .anyMatch(summary ->
                        summary.stackName().equals(STACK) && summary.stackStatus() != StackStatus.DELETE_COMPLETE);
        if (left) {
            clients.cloudFormation.deleteStack(request -> request.stackName(STACK));
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void deployUpdateAndDestroy() {
        Inventory before = Inventory.of(clients);

        step("deploy", cdk.deploy(List.of("--app", defaults.toString()), DeployLifecycleTest::log));
        DeployedStack deployed = DeployedStack.complete(clients, STACK, Template.in(defaults, STACK));
        assertThat(deployed.stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        StackWiring.assertWired(deployed, clients, 2);
        assertInventory(
                "after deploy: what was there before, and the stack",
                Inventory.of(clients),
                before.plus(deployed, STACK));

        step("deploy -c batchSize=10", cdk.deploy(List.of("--app", batchOf10.toString()), DeployLifecycleTest::log));
        DeployedStack updated = DeployedStack.complete(clients, STACK, Template.in(batchOf10, STACK));
        assertThat(updated.stack.stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        StackWiring.assertWired(updated, clients, 10);
        assertThat(updated.resources.keySet()).as("an update replaces nothing").isEqualTo(deployed.resources.keySet());
        deployed.resources.forEach((id, resource) -> assertThat(updated.physicalId(id))
                .as("physical id of " + id + " after the update")
                .isEqualTo(resource.physicalResourceId()));
        assertInventory("after the update: the same resources", Inventory.of(clients), before.plus(updated, STACK));

        step(
                "destroy --force",
                cdk.run(List.of("destroy", "--app", batchOf10.toString(), "--force"), DeployLifecycleTest::log));
        assertInventory("after destroy: nothing of the stack", Inventory.of(clients), before);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void withRetainDataDestroyLeavesTheTablesAndTheQueueAndNothingElse() {
        Inventory before = Inventory.of(clients);

        step("deploy -c retainData=true", cdk.deploy(List.of("--app", retained.toString()), DeployLifecycleTest::log));
        DeployedStack deployed = DeployedStack.complete(clients, STACK, Template.in(retained, STACK));
        StackWiring.assertWired(deployed, clients, 2);
        List<Template.Resource> kept = deployed.template.resources().values().stream()
                .filter(resource -> resource.deletionPolicy().equals("Retain"))
                .toList();
        assertThat(kept)
                .as("resources the template retains")
                .extracting(Template.Resource::type)
                .containsExactlyInAnyOrder(
                        "AWS::DynamoDB::Table", "AWS::DynamoDB::Table", "AWS::DynamoDB::Table", "AWS::SQS::Queue");

        step(
                "destroy --force",
                cdk.run(List.of("destroy", "--app", retained.toString(), "--force"), DeployLifecycleTest::log));
        Map<String, Set<String>> survivors = kept.stream()
                .collect(Collectors.groupingBy(
                        Template.Resource::type,
                        Collectors.mapping(
                                resource -> resource.type().equals("AWS::SQS::Queue")
                                        ? Inventory.queueName(deployed.physicalId(resource))
                                        : deployed.physicalId(resource),
                                Collectors.toCollection(TreeSet::new))));
        assertInventory(
                "after destroy: the tables and the queue, nothing else", Inventory.of(clients), before.plus(survivors));
    }

    /**
     * The check above is what a deploy's success cannot be trusted for. On moto without the launcher's CloudFormation
     * patches, a deploy through a change set (the CLI's default) prints success and leaves the stack "complete" with
     * its alias, version number, mapping and alarms missing; {@link DeployedStack#complete} must refuse it.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aDeployThatPlainMotoReportsAsSuccessfulFailsTheCheck() {
        LocalCdk.Result result = plainCdk.run(
                List.of("deploy", "--app", defaults.toString(), "--require-approval", "never"),
                line -> log.println("plain | " + line));
        assertThat(result.exitCode())
                .as("precondition: on moto without the launcher's CloudFormation patches the CLI reports this "
                        + "stack's deploy as a success (the false success this test is about); if it no longer does, there is nothing to "
                        + "catch here: see " + work.resolve("cdk.log"))
                .isZero();
        try (EngineClients plain = new EngineClients(plainEngine.endpoint())) {
            assertThatThrownBy(() -> DeployedStack.complete(plain, STACK, Template.in(defaults, STACK)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(STACK);
        }
    }

    /** Synthesizes the app with this context into {@code work/NAME} through the pinned CLI. */
    private static Path synth(String name, String... context) {
        Path assembly = work.resolve(name);
        List<String> arguments =
                new ArrayList<>(List.of("synth", "--app", app.command(), "-o", assembly.toString(), "--quiet"));
        for (String value : context) {
            arguments.addAll(List.of("-c", value));
        }
        step(
                "synth " + (context.length == 0 ? "(cdk.json context)" : "-c " + String.join(" -c ", context)),
                cdk.run(arguments, line -> log.println(name + " | " + line)));
        return assembly;
    }

    private static void step(String what, LocalCdk.Result result) {
        result.orThrow();
        System.out.printf("lifecycle: cdk %s: %.1f s%n", what, result.took().toMillis() / 1000.0);
    }

    private static void log(String line) {
        log.println(line);
    }

    private static void assertInventory(String when, Inventory actual, Inventory expected) {
        assertThat(actual.byKind())
                .as(when + "; unexpected: " + actual.minus(expected) + "; missing: " + expected.minus(actual))
                .isEqualTo(expected.byKind());
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
