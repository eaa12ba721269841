package dev.ordertotals.localrunner.local;

import dev.ordertotals.operator.cli.Console;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The function's log lines during a local run: every line to the run's log file, and to the console the ones that
 * need attention (or all of them with {@code --verbose}).
 *
 * @param file the run's log file
 * @param console the terminal, shared with the progress line
 * @param verbose every line to the console too
 */
record FunctionLog(PrintWriter file, Console console, boolean verbose) implements Consumer<String> {

    /** The level field of one JSON log line, as Lambda's runtime writes it. */
    private static final Pattern ATTENTION_LEVEL = Pattern.compile("\"level\"\\s*:\\s*\"(WARN|ERROR|FATAL)\"");

    @Override
    public void accept(String line) {
        file.println("function | " + line);
        if (verbose || needsAttention(line)) {
            console.line("function | " + line);
        }
    }

    /**
     * Warnings and errors, in the runtime's JSON format ({@code "level":"WARN"}, the stack's logging config) or its
     * text format ({@code [WARN] ...}); a failed init; a stack trace's first line.
     */
    static boolean needsAttention(String line) {
        return line.startsWith("[WARN]")
                || line.startsWith("[ERROR]")
                || line.startsWith("[FATAL]")
                || (line.startsWith("{") && ATTENTION_LEVEL.matcher(line).find())
                || line.startsWith("INIT_ERROR")
                || line.startsWith("Exception");
    }
}
