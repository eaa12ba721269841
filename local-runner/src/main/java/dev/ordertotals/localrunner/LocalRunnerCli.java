package dev.ordertotals.localrunner;

import dev.ordertotals.localrunner.local.LocalCommand;
import dev.ordertotals.localrunner.local.LocalDeployCommand;
import dev.ordertotals.operator.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar order-totals-local-runner.jar <command>}: the whole pipeline on one machine, no AWS account. */
@Command(
        name = "order-totals-local",
        mixinStandardHelpOptions = true,
        version = "order-totals-local 1.0.0",
        description =
                "Run the order totals pipeline on the local engine: from the synthesized template (local) or deployed by the CDK CLI (local-deploy).",
        usageHelpAutoWidth = true,
        subcommands = {LocalCommand.class, LocalDeployCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success (totals exact), 1 drift or work left undone, 2 error."})
public final class LocalRunnerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return CommandLines.of(new LocalRunnerCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
