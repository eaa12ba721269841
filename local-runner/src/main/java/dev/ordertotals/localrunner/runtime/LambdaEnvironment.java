package dev.ordertotals.localrunner.runtime;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The environment of Lambda's runtime process: the function's own variables (as given, complete: nothing of this
 * JVM's environment leaks in), then the ones Lambda sets for the runtime, which a function cannot override.
 */
final class LambdaEnvironment {

    /** The runtime the child JVM stands for: the stack's {@code Runtime}, the JDK the tools run on. */
    static final String RUNTIME = "java25";

    private LambdaEnvironment() {}

    static Map<String, String> of(
            Sandbox.Function function, String runtimeApi, TaskRoot taskRoot, LambdaRuntimeBundle runtime) {
        Map<String, String> environment = new LinkedHashMap<>();
        // Lambda's defaults that a function may change.
        environment.put("LANG", "en_US.UTF-8");
        environment.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.putAll(function.environment());
        // Reserved: set by Lambda.
        environment.put("_HANDLER", function.handler());
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + RUNTIME);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName(environment.get("AWS_LAMBDA_FUNCTION_VERSION")));
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        environment.put("LAMBDA_TASK_ROOT", taskRoot.directory().toString());
        environment.put("LAMBDA_RUNTIME_DIR", runtime.directory().toString());
        environment.put("TZ", ":UTC");
        environment.put(TelemetryLog.FD_VARIABLE, Integer.toString(Sandbox.TELEMETRY_FD));
        return environment;
    }

    /** One stream per execution environment: {@code 2026/11/25/[$LATEST]} and 32 hex digits. */
    private static String logStreamName(String version) {
        return DateTimeFormatter.ofPattern("yyyy/MM/dd").format(LocalDate.now(ZoneOffset.UTC)) + "/[" + version + "]"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
