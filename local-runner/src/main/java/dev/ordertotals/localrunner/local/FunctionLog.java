package dev.ordertotals.localrunner.local;

import dev.ordertotals.operator.cli.Console;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The function's log lines during a local run: every line to the run's log file, and to the console the ones that
 * need attention (or all of them with {@code --verbose}).
 *
 * @param file the run's log file
 * @param console the terminal, shared with the progress line
 * @param verbose every line to the console too
 */
record FunctionLog(PrintWriter file, Console console, boolean verbose) implements Consumer<String> {

    @Override
    public void accept(String line) {
        file.println("function | " + line);
        if (verbose || needsAttention(line)) {
            console.line("function | " + line);
        }
    }

    /** Warnings and errors in the runtime's text format, a failed init, a stack trace's first line. */
    static boolean needsAttention(String line) {
        return line.startsWith("[WARN]")
                || line.startsWith("[ERROR]")
                || line.startsWith("INIT_ERROR")
                || line.startsWith("Exception");
    }
}
