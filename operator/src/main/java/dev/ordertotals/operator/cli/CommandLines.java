package dev.ordertotals.operator.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
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
            err.println(command.getColorScheme().errorText("error: " + Errors.oneLine(error, target(command))));
        }
        err.flush();
        return ExitCode.ERROR;
    }

    /**
     * A mistyped option or a value it cannot take: one line saying what is wrong and where the options are listed,
     * not the whole usage. Nothing has run yet.
     */
    private static int handleParameters(CommandLine.ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        String message =
                String.join("; ", error.getMessage().strip().lines().toList()).replaceFirst("^Error: ", "");
        // A value a converter refused says what to give; a mistyped option needs the list of options.
        String help = error.getCause() instanceof CommandLine.TypeConversionException
                ? ""
                : " (" + command.getCommandSpec().name() + " --help lists the options)";
        err.println(command.getColorScheme().errorText("error: " + message + help));
        err.flush();
        return ExitCode.ERROR;
    }

    /** What the command talks to, if it (or one of its mixins) says. */
    private static Optional<String> target(CommandLine command) {
        for (CommandSpec spec = command.getCommandSpec(); spec != null; spec = spec.parent()) {
            if (spec.userObject() instanceof ServiceTarget target) {
                return Optional.of(target.where());
            }
            for (CommandSpec mixin : spec.mixins().values()) {
                if (mixin.userObject() instanceof ServiceTarget target) {
                    return Optional.of(target.where());
                }
            }
        }
        return Optional.empty();
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
