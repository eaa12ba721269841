package dev.ordertotals.localengine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code AWS::Lambda::Function} the event source invokes.
 *
 * @param environment {@code Environment.Variables}, unresolved: literals, references to other resources, and
 *     {@code Fn::Join}s of those (a JSON value holding table names, such as {@code AGGREGATIONS})
 * @param asset the deployment package the template was synthesized with ({@code aws:asset:path} in cdk.out), if present
 * @param logging {@code LoggingConfig}'s format and application log level, when the template sets them
 */
public record FunctionSpec(
        String logicalId,
        String handler,
        Map<String, EnvValue> environment,
        Duration timeout,
        int memorySize,
        Optional<Path> asset,
        Logging logging) {

    /** A Lambda default: 3 seconds, 128 MB. */
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;

    private static final int DEFAULT_MEMORY_MB = 128;

    /**
     * How the function logs: {@code Text} (Lambda's default) or {@code JSON}; the application log level applies to
     * JSON only, as on Lambda.
     */
    public record Logging(String format, Optional<String> applicationLogLevel) {

        public static final Logging TEXT = new Logging("Text", Optional.empty());
    }

    /** One environment variable's value as written in the template. */
    public sealed interface EnvValue {

        record Literal(String value) implements EnvValue {}

        /** {@code {"Ref": logicalId}}: a table's name, a queue's URL. */
        record Ref(String logicalId) implements EnvValue {}

        /** {@code {"Fn::GetAtt": [logicalId, attribute]}}: an ARN, a stream ARN. */
        record GetAtt(String logicalId, String attribute) implements EnvValue {}

        /**
         * {@code {"Fn::Join": [delimiter, [parts]]}}: the parts, each a value above, joined (CDK renders a string
         * holding references, such as a JSON document naming tables, as one).
         */
        record Join(String delimiter, List<EnvValue> parts) implements EnvValue {

            public Join {
                parts = List.copyOf(parts);
            }
        }
    }

    static FunctionSpec from(String id, JsonNode resource, Path templateDir) {
        JsonNode properties = resource.path("Properties");
        String handler = StackTemplate.text(properties, "Handler")
                .orElseThrow(() -> new IllegalArgumentException("function " + id + " has no Handler"));
        Map<String, EnvValue> environment = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        properties.path("Environment").path("Variables").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> variable = it.next();
            environment.put(variable.getKey(), envValue(id, variable.getKey(), variable.getValue()));
        }
        Optional<Path> asset = StackTemplate.text(resource.path("Metadata"), "aws:asset:path")
                .map(templateDir::resolve)
                .filter(Files::exists);
        return new FunctionSpec(
                id,
                handler,
                environment,
                Duration.ofSeconds(properties.path("Timeout").asInt(DEFAULT_TIMEOUT_SECONDS)),
                properties.path("MemorySize").asInt(DEFAULT_MEMORY_MB),
                asset,
                logging(properties.path("LoggingConfig")));
    }

    private static Logging logging(JsonNode config) {
        return StackTemplate.text(config, "LogFormat")
                .map(format -> new Logging(format, StackTemplate.text(config, "ApplicationLogLevel")))
                .orElse(Logging.TEXT);
    }

    private static EnvValue envValue(String function, String name, JsonNode value) {
        return value(value, "function " + function + ": environment variable " + name);
    }

    /**
     * A template value the local run resolves: a literal, a {@code Ref}, a {@code Fn::GetAtt}, or a {@code Fn::Join}
     * of those.
     */
    static EnvValue value(JsonNode value, String what) {
        if (value.isValueNode()) {
            return new EnvValue.Literal(value.asText());
        }
        if (value.path("Ref").isTextual()) {
            return new EnvValue.Ref(value.get("Ref").asText());
        }
        JsonNode getAtt = value.path("Fn::GetAtt");
        if (getAtt.isArray() && getAtt.size() == 2) {
            return new EnvValue.GetAtt(getAtt.get(0).asText(), getAtt.get(1).asText());
        }
        JsonNode join = value.path("Fn::Join");
        if (value.size() == 1
                && join.isArray()
                && join.size() == 2
                && join.get(0).isTextual()
                && join.get(1).isArray()) {
            List<EnvValue> parts = new ArrayList<>();
            for (JsonNode part : join.get(1)) {
                parts.add(value(part, what));
            }
            return new EnvValue.Join(join.get(0).asText(), parts);
        }
        throw new IllegalArgumentException(what + " uses an intrinsic the local run cannot resolve: " + value);
    }
}
