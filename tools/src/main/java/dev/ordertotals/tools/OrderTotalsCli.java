package dev.ordertotals.tools;

import dev.ordertotals.tools.local.LocalCommand;
import dev.ordertotals.tools.local.LocalDeployCommand;
import dev.ordertotals.tools.quarantine.QuarantineCommand;
import dev.ordertotals.tools.reconcile.ReconcileCommand;
import dev.ordertotals.tools.replay.ReplayCommand;
import dev.ordertotals.tools.verify.VerifyCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** {@code java -jar order-totals-tools.jar <command>}: the operator tools for the order totals stack. */
@Command(name = "order-totals-tools",
        mixinStandardHelpOptions = true,
        version = "order-totals-tools 1.0.0",
        description = "Run the order totals pipeline locally, check the totals, reconcile them with the orders, and recover failed batches.",
        usageHelpAutoWidth = true,
        subcommands = {LocalCommand.class, LocalDeployCommand.class, VerifyCommand.class, ReconcileCommand.class, ReplayCommand.class, QuarantineCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success (totals exact), 1 drift or work left undone, 2 error."})
public final class OrderTotalsCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the tools' error handling: one line per error, the stack trace only with --verbose. */
    public static CommandLine commandLine() {
        return new CommandLine(new OrderTotalsCli())
                .setExecutionExceptionHandler(OrderTotalsCli::handle)
                .setParameterExceptionHandler(OrderTotalsCli::handleParameters)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handle(Exception error, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (verbose(parseResult)) {
            error.printStackTrace(err);
        } else {
            err.println(command.getColorScheme().errorText("error: " + Errors.oneLine(error)));
        }
        err.flush();
        return ExitCode.ERROR;
    }

    /** A mistyped option: the one line saying what is wrong and where the help is, not the whole usage. */
    private static int handleParameters(CommandLine.ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText("error: " + error.getMessage()));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCode.ERROR;
    }

    private static boolean verbose(ParseResult result) {
        for (ParseResult current = result; current != null; current = current.subcommand()) {
            if (current.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
