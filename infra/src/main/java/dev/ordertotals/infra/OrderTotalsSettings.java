package dev.ordertotals.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.constructs.Node;

/**
 * Everything about the stack a user may change, read from CDK context ({@code cdk.json} or {@code -c key=value}).
 * Each key's default is the value below; a value that does not parse fails the synth naming the key.
 *
 * @param batchSize {@code batchSize}: stream records per invocation (default 2, as in the source document)
 * @param retainData {@code retainData}: keep tables and queue on {@code cdk destroy} (default false)
 * @param functionJar {@code functionJar}: the shaded function jar, relative to the project root
 * @param memorySize {@code memorySize}: function memory in MB (default 1024, see README "Cold start")
 * @param logRetentionDays {@code logRetentionDays}: function log retention (default 30)
 * @param retryAttempts {@code retryAttempts}: retries of a failing batch before it goes to the on-failure queue (default 10)
 * @param maxRecordAgeHours {@code maxRecordAgeHours}: records older than this go to the on-failure queue (default 6,
 *     leaving 18 of the stream's 24 hours to run {@code replay})
 * @param bisectOnError {@code bisectOnError}: split a failing batch in two on retry (default true)
 */
public record OrderTotalsSettings(
        int batchSize,
        boolean retainData,
        Path functionJar,
        int memorySize,
        int logRetentionDays,
        int retryAttempts,
        int maxRecordAgeHours,
        boolean bisectOnError) {

    public static final String DEFAULT_FUNCTION_JAR = "function/target/order-totals-function-lambda.jar";

    public OrderTotalsSettings {
        require(batchSize >= 1 && batchSize <= 10_000, "batchSize", batchSize, "1..10000");
        require(memorySize >= 128 && memorySize <= 10_240, "memorySize", memorySize, "128..10240");
        require(retryAttempts >= 0 && retryAttempts <= 10_000, "retryAttempts", retryAttempts, "0..10000");
        require(maxRecordAgeHours >= 1 && maxRecordAgeHours <= 24, "maxRecordAgeHours", maxRecordAgeHours, "1..24");
    }

    /** Reads every setting from the construct tree's context; {@code projectRoot} anchors the jar path. */
    public static OrderTotalsSettings fromContext(Node node, Path projectRoot) {
        Context context = new Context(node);
        Path jar = projectRoot.resolve(context.get("functionJar", String::valueOf).orElse(DEFAULT_FUNCTION_JAR)).normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Function jar not found at " + jar
                    + ": build it first (mvn -DskipTests package), or set context functionJar");
        }
        return new OrderTotalsSettings(
                context.integer("batchSize").orElse(2),
                context.bool("retainData").orElse(false),
                jar,
                context.integer("memorySize").orElse(1024),
                context.integer("logRetentionDays").orElse(30),
                context.integer("retryAttempts").orElse(10),
                context.integer("maxRecordAgeHours").orElse(6),
                context.bool("bisectOnError").orElse(true));
    }

    private static void require(boolean valid, String key, Object value, String range) {
        if (!valid) {
            throw new IllegalArgumentException("Context value " + key + "=" + value + " is out of range " + range);
        }
    }

    /** Typed access to context values, which arrive as JSON values from cdk.json and as strings from -c. */
    private record Context(Node node) {

        Optional<Integer> integer(String key) {
            return get(key, value -> switch (value) {
                case Number number when number.doubleValue() == number.intValue() -> number.intValue();
                case String text when text.strip().matches("-?\\d+") -> Integer.parseInt(text.strip());
                default -> throw invalid(key, value, "an integer");
            });
        }

        Optional<Boolean> bool(String key) {
            return get(key, value -> switch (value) {
                case Boolean flag -> flag;
                case String text when Map.of("true", 1, "false", 0).containsKey(text.strip().toLowerCase(Locale.ROOT)) ->
                        Boolean.parseBoolean(text.strip());
                default -> throw invalid(key, value, "true or false");
            });
        }

        <T> Optional<T> get(String key, Function<Object, T> parse) {
            return Optional.ofNullable(node.tryGetContext(key)).map(parse);
        }

        private static IllegalArgumentException invalid(String key, Object value, String expected) {
            return new IllegalArgumentException("Context value " + key + "=" + value + " must be " + expected);
        }
    }
}
