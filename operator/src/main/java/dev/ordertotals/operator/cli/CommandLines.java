package dev.ordertotals.operator.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * One way to report errors for every command line of the project: one line per error, the stack trace only with
 * {@code --verbose}; a mistyped option names what is wrong and where the help is, not the whole usage.
 */
public final class CommandLines {

    private CommandLines() {}

    /** {@code command} (a picocli {@code @Command}) with the project's error handling. */
    public static CommandLine of(Object command) {
        return new CommandLine(command)
                .setExecutionExceptionHandler(CommandLines::handle)
                .setParameterExceptionHandler(CommandLines::handleParameters)
                .setCaseInsensitiveEnumValuesAllowed(true);
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
