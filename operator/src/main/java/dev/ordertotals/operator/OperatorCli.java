package dev.ordertotals.operator;

import dev.ordertotals.operator.cli.CommandLines;
import dev.ordertotals.operator.quarantine.QuarantineCommand;
import dev.ordertotals.operator.reconcile.ReconcileCommand;
import dev.ordertotals.operator.replay.ReplayCommand;
import dev.ordertotals.operator.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar order-totals-operator.jar <command>}: the operator tools for a deployed (or local) stack. */
@Command(
        name = "order-totals-operator",
        mixinStandardHelpOptions = true,
        version = "order-totals-operator 1.0.0",
        description =
                "Check the totals, reconcile them with the orders, recover failed batches and list quarantined orders.",
        usageHelpAutoWidth = true,
        subcommands = {
            VerifyCommand.class,
            ReconcileCommand.class,
            ReplayCommand.class,
            QuarantineCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 success (totals exact), 1 drift or work left undone, 2 error."})
public final class OperatorCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        // An argument starting with @ is a value here (--aggregations @FILE), not a file of arguments to expand.
        return CommandLines.of(new OperatorCli()).setExpandAtFiles(false);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
