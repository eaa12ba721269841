package dev.ordertotals.localrunner.testkit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function for the runtime's tests, deployed alone in a jar ({@link ProbeFunction}): it does what the event
 * asks, in this order — {@code "log": [lines]} (each a WARN log call), {@code "sleep": millis},
 * {@code "throw": message}, {@code "exit": status} — then answers with what it sees of its sandbox. No nested
 * classes: the jar holds this one class file.
 */
public final class ProbeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (event.get("log") instanceof List<?> lines) {
            lines.forEach(line -> context.getLogger().log(String.valueOf(line), LogLevel.WARN));
        }
        if (event.get("sleep") instanceof Number millis) {
            try {
                Thread.sleep(millis.longValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (event.get("throw") instanceof String message) {
            throw new IllegalStateException(message);
        }
        if (event.get("exit") instanceof Number status) {
            Runtime.getRuntime().halt(status.intValue());
        }
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("pid", ProcessHandle.current().pid());
        seen.put("requestId", context.getAwsRequestId());
        seen.put("functionName", context.getFunctionName());
        seen.put("functionVersion", context.getFunctionVersion());
        seen.put("memoryLimitInMB", context.getMemoryLimitInMB());
        seen.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        seen.put("invokedFunctionArn", context.getInvokedFunctionArn());
        seen.put("logGroupName", context.getLogGroupName());
        seen.put("traceHeader", System.getProperty("com.amazonaws.xray.traceHeader"));
        seen.put("workingDirectory", System.getProperty("user.dir"));
        seen.put("classPath", System.getProperty("java.class.path"));
        seen.put(
                "codeSource",
                ProbeHandler.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath());
        seen.put("environment", System.getenv());
        return seen;
    }
}
