package dev.ordertotals.localrunner.local;

import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.template.FunctionSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Lambda service adds to a function's own variables, pointed at the local engine: the region, the engine's
 * dummy credentials and endpoint, the published version, and the log format and level of the function's logging
 * config (the runtime reads {@code AWS_LAMBDA_LOG_FORMAT} and {@code AWS_LAMBDA_LOG_LEVEL}, as on Lambda). The
 * runtime's own variables (handler, task root, Runtime API, name, memory) are the sandbox's.
 */
final class EngineEnvironment {

    private EngineEnvironment() {}

    static Map<String, String> of(
            Map<String, String> variables, URI endpoint, String version, FunctionSpec.Logging logging) {
        Map<String, String> environment = new LinkedHashMap<>(variables);
        environment.put("AWS_REGION", MotoServer.REGION);
        environment.put("AWS_DEFAULT_REGION", MotoServer.REGION);
        environment.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
        environment.put("AWS_ENDPOINT_URL", endpoint.toString());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", version);
        if ("JSON".equalsIgnoreCase(logging.format())) {
            environment.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            logging.applicationLogLevel().ifPresent(level -> environment.put("AWS_LAMBDA_LOG_LEVEL", level));
        }
        return environment;
    }
}
