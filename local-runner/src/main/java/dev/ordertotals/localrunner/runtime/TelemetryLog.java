package dev.ordertotals.localrunner.runtime;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The runtime's own log, as Lambda receives it: on the file descriptor named by {@code _LAMBDA_TELEMETRY_LOG_FD},
 * one frame per {@code LambdaLogger} call (a 4-byte frame type, a 4-byte length, an 8-byte timestamp in
 * microseconds, then the formatted message). Without it the runtime writes each message to stdout with no line
 * break after it, and consecutive log calls run together on one line.
 */
final class TelemetryLog {

    static final String FD_VARIABLE = "_LAMBDA_TELEMETRY_LOG_FD";

    private TelemetryLog() {}

    /** Passes each message on as lines until the stream ends (the runtime exited). */
    static void forward(InputStream frames, Consumer<String> log) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(frames))) {
            while (true) {
                in.readInt(); // frame type: level and format, already in the formatted message
                int length = in.readInt();
                in.readLong(); // timestamp
                String message = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                message.stripTrailing().lines().forEach(log);
            }
        } catch (EOFException ended) {
            // the runtime exited
        } catch (IOException ignored) {
            // the runtime was stopped
        }
    }
}
