package dev.ordertotals.localrunner.runtime;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The child JVM's main class: loads the handler from the function jar in its own class loader (parent: this
 * runtime's loader, so both share aws-lambda-java-core's {@code Context}), then serves invocations over
 * stdin/stdout, one line each way: the event JSON in Lambda's wire format in; {@code OK <response JSON>} or
 * {@code ERR <error JSON>} out. Everything the function prints goes to stderr, which the parent shows as its log.
 *
 * <p>Arguments: function jar, handler ({@code Class::method}), timeout in ms, function name, memory in MB.
 */
public final class InvokeLoop {

    private InvokeLoop() {
    }

    public static void main(String[] args) throws Exception {
        // The protocol owns the real stdout; the function's own prints must not corrupt it.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Path functionJar = Path.of(args[0]);
        String handlerName = args[1];
        long timeoutMillis = Long.parseLong(args[2]);
        String functionName = args[3];
        int memoryMb = Integer.parseInt(args[4]);

        URLClassLoader functionLoader = new URLClassLoader("function", new URL[] {functionJar.toUri().toURL()},
                InvokeLoop.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(functionLoader);
        StderrLogger logger = new StderrLogger();

        HandlerMethod handler = null;
        Throwable initError = null;
        try {
            handler = HandlerMethod.load(handlerName, functionLoader);
        } catch (Throwable e) {
            initError = e;
            logger.log("INIT_ERROR " + ErrorJson.of(e));
        }

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            long deadline = System.currentTimeMillis() + timeoutMillis;
            if (initError != null) {
                protocol.println("ERR " + ErrorJson.of("Runtime.InitError", initError));
                continue;
            }
            LoopContext context = new LoopContext(UUID.randomUUID().toString(), deadline, functionName, memoryMb, logger);
            try {
                protocol.println("OK " + handler.invoke(line, context));
            } catch (Throwable e) {
                protocol.println("ERR " + ErrorJson.of(e));
            }
        }
    }
}
