package dev.ordertotals.infra;

import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.contract.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.constructs.Node;

/**
 * Everything about the stack a user may change, read from CDK context ({@code cdk.json} or {@code -c key=value}).
 * Each key's default is the value below (and in {@code cdk.json}); a value that does not parse, or is out of
 * range, fails the synth naming the key.
 *
 * @param batchSize {@code batchSize}: stream records per invocation (default 2, as in the source document)
 * @param retainData {@code retainData}: keep tables and queue on {@code cdk destroy} (default false)
 * @param functionJar {@code functionJar}: the shaded function jar, relative to the project root
 *     (default {@value FunctionArtifact#JAR})
 * @param memorySize {@code memorySize}: function memory in MB (default 1024, see README "Cold start")
 * @param logRetentionDays {@code logRetentionDays}: function log retention in days, one of the periods CloudWatch
 *     Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...; default 30)
 * @param retryAttempts {@code retryAttempts}: retries of a failing batch before it goes to the on-failure queue (default 10)
 * @param maxRecordAgeHours {@code maxRecordAgeHours}: records older than this go to the on-failure queue (default 6,
 *     leaving 18 of the stream's 24 hours to run {@code replay})
 * @param bisectOnError {@code bisectOnError}: split a failing batch in two on retry (default true)
 * @param applicationLogLevel {@code applicationLogLevel}: the lowest level of the handler's logs that reach CloudWatch
 *     (default INFO). TRACE, DEBUG or INFO only: Lambda files the handler's metric (EMF) lines, which carry no level,
 *     as INFO, so a stricter level would drop the metrics the alarms watch.
 * @param systemLogLevel {@code systemLogLevel}: the lowest level of Lambda's own platform logs (DEBUG, INFO, WARN; default WARN)
 * @param metricsNamespace {@code metricsNamespace}: CloudWatch namespace of the handler's EMF metrics, passed to it
 *     as {@code METRICS_NAMESPACE} (default {@code OrderTotals})
 * @param iteratorAgeAlarmSeconds {@code iteratorAgeAlarmSeconds}: the stream-lag alarm fires when the oldest record
 *     of a batch is older than this (1..86400, default 60)
 * @param alarmEmail {@code alarmEmail}: when set, an encrypted SNS topic with this e-mail subscription receives
 *     every alarm (default: unset, no topic)
 * @param encryptionKey {@code encryptionKey}: the KMS key of the tables, the on-failure queue and the function's log
 *     group: {@code aws-managed} (default: the services' own keys), {@code create} (a customer-managed key the stack
 *     creates, rotated yearly) or the ARN of an existing key; see {@link EncryptionKey}
 * @param existingOrders {@code existingOrdersTableName} + {@code existingOrdersStreamArn}: attach to an orders table
 *     the stack does not own (default: unset, the stack creates its own); see {@link ExistingOrdersTable}
 */
public record OrderTotalsSettings(
        int batchSize,
        boolean retainData,
        Path functionJar,
        int memorySize,
        int logRetentionDays,
        int retryAttempts,
        int maxRecordAgeHours,
        boolean bisectOnError,
        ApplicationLogLevel applicationLogLevel,
        SystemLogLevel systemLogLevel,
        String metricsNamespace,
        int iteratorAgeAlarmSeconds,
        Optional<String> alarmEmail,
        EncryptionKey encryptionKey,
        Optional<ExistingOrdersTable> existingOrders) {

    /** The context keys, as written in {@code cdk.json} and after {@code -c}. */
    public static final class Keys {
        public static final String BATCH_SIZE = "batchSize";
        public static final String RETAIN_DATA = "retainData";
        public static final String FUNCTION_JAR = "functionJar";
        public static final String MEMORY_SIZE = "memorySize";
        public static final String LOG_RETENTION_DAYS = "logRetentionDays";
        public static final String RETRY_ATTEMPTS = "retryAttempts";
        public static final String MAX_RECORD_AGE_HOURS = "maxRecordAgeHours";
        public static final String BISECT_ON_ERROR = "bisectOnError";
        public static final String APPLICATION_LOG_LEVEL = "applicationLogLevel";
        public static final String SYSTEM_LOG_LEVEL = "systemLogLevel";
        public static final String METRICS_NAMESPACE = "metricsNamespace";
        public static final String ITERATOR_AGE_ALARM_SECONDS = "iteratorAgeAlarmSeconds";
        public static final String ALARM_EMAIL = "alarmEmail";
        public static final String ENCRYPTION_KEY = "encryptionKey";
        public static final String EXISTING_ORDERS_TABLE_NAME = "existingOrdersTableName";
        public static final String EXISTING_ORDERS_STREAM_ARN = "existingOrdersStreamArn";
        public static final String EXISTING_ORDERS_STREAM_VIEW_TYPE = "existingOrdersStreamViewType";
        /** Read by {@link DeclaredAggregations#fromContext}, not a component of these settings. */
        public static final String AGGREGATIONS = "aggregations";

        /** Every key above, in the order of the README's Configuration table. */
        public static final List<String> ALL = List.of(
                BATCH_SIZE,
                RETAIN_DATA,
                FUNCTION_JAR,
                MEMORY_SIZE,
                LOG_RETENTION_DAYS,
                RETRY_ATTEMPTS,
                MAX_RECORD_AGE_HOURS,
                BISECT_ON_ERROR,
                APPLICATION_LOG_LEVEL,
                SYSTEM_LOG_LEVEL,
                METRICS_NAMESPACE,
                ITERATOR_AGE_ALARM_SECONDS,
                ALARM_EMAIL,
                ENCRYPTION_KEY,
                EXISTING_ORDERS_TABLE_NAME,
                EXISTING_ORDERS_STREAM_ARN,
                EXISTING_ORDERS_STREAM_VIEW_TYPE,
                AGGREGATIONS);

        private Keys() {}
    }

    /**
     * Context keys that are the CDK's own, not settings of this stack: feature flags ({@code @aws-cdk/...},
     * {@code @aws-cdk-containers/...}), what the CLI passes ({@code aws:cdk:...}), context lookups cached in
     * {@code cdk.context.json} ({@code availability-zones:account=...}) and acknowledged notices.
     */
    private static final Pattern CDKS_OWN =
            Pattern.compile("@aws-cdk.*|aws:cdk:.*|[a-z0-9-]+:account=.*|acknowledged-issue-numbers");

    /** CloudWatch namespaces: printable ASCII without spaces; {@code AWS/} is reserved for AWS services. */
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._/#:\\-]{1,255}");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int STREAM_RETENTION_SECONDS = 24 * 60 * 60;
    /** Levels that still let INFO through (the CDK enum's order is not severity order, so listed explicitly). */
    private static final Set<ApplicationLogLevel> METRICS_SAFE_LOG_LEVELS =
            EnumSet.of(ApplicationLogLevel.TRACE, ApplicationLogLevel.DEBUG, ApplicationLogLevel.INFO);

    public OrderTotalsSettings {
        require(batchSize >= 1 && batchSize <= 10_000, Keys.BATCH_SIZE, batchSize, "1..10000");
        require(memorySize >= 128 && memorySize <= 10_240, Keys.MEMORY_SIZE, memorySize, "128..10240");
        require(
                LogRetention.ofDays(logRetentionDays).isPresent(),
                Keys.LOG_RETENTION_DAYS,
                logRetentionDays,
                "a CloudWatch Logs retention: one of " + LogRetention.supportedDays());
        require(retryAttempts >= 0 && retryAttempts <= 10_000, Keys.RETRY_ATTEMPTS, retryAttempts, "0..10000");
        require(
                maxRecordAgeHours >= 1 && maxRecordAgeHours <= 24,
                Keys.MAX_RECORD_AGE_HOURS,
                maxRecordAgeHours,
                "1..24");
        require(
                METRICS_SAFE_LOG_LEVELS.contains(applicationLogLevel),
                Keys.APPLICATION_LOG_LEVEL,
                applicationLogLevel,
                "TRACE, DEBUG or INFO (Lambda files the handler's level-less metric lines as INFO; a stricter level drops them)");
        require(
                NAMESPACE.matcher(metricsNamespace).matches() && !metricsNamespace.startsWith("AWS/"),
                Keys.METRICS_NAMESPACE,
                metricsNamespace,
                "a CloudWatch namespace (letters, digits, . _ / # : -; not AWS/...)");
        require(
                iteratorAgeAlarmSeconds >= 1 && iteratorAgeAlarmSeconds <= STREAM_RETENTION_SECONDS,
                Keys.ITERATOR_AGE_ALARM_SECONDS,
                iteratorAgeAlarmSeconds,
                "1.." + STREAM_RETENTION_SECONDS);
        require(
                alarmEmail.map(address -> EMAIL.matcher(address).matches()).orElse(true),
                Keys.ALARM_EMAIL,
                alarmEmail.orElse(""),
                "an e-mail address");
        Objects.requireNonNull(encryptionKey, Keys.ENCRYPTION_KEY);
        Objects.requireNonNull(existingOrders, Keys.EXISTING_ORDERS_TABLE_NAME);
    }

    /** Reads every setting from the construct tree's context; {@code projectRoot} anchors the jar path. */
    public static OrderTotalsSettings fromContext(Node node, Path projectRoot) {
        refuseUnknownKeys(node);
        Context context = new Context(node);
        Path jar = projectRoot
                .resolve(context.text(Keys.FUNCTION_JAR).orElse(FunctionArtifact.JAR))
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Function jar not found at " + jar
                    + ": build it first (./mvnw -DskipTests -pl function -am package), or set context "
                    + Keys.FUNCTION_JAR);
        }
        OrderTotalsSettings defaults = defaults(jar);
        return new OrderTotalsSettings(
                context.integer(Keys.BATCH_SIZE).orElse(defaults.batchSize()),
                context.bool(Keys.RETAIN_DATA).orElse(defaults.retainData()),
                jar,
                context.integer(Keys.MEMORY_SIZE).orElse(defaults.memorySize()),
                context.integer(Keys.LOG_RETENTION_DAYS).orElse(defaults.logRetentionDays()),
                context.integer(Keys.RETRY_ATTEMPTS).orElse(defaults.retryAttempts()),
                context.integer(Keys.MAX_RECORD_AGE_HOURS).orElse(defaults.maxRecordAgeHours()),
                context.bool(Keys.BISECT_ON_ERROR).orElse(defaults.bisectOnError()),
                context.oneOf(Keys.APPLICATION_LOG_LEVEL, ApplicationLogLevel.class)
                        .orElse(defaults.applicationLogLevel()),
                context.oneOf(Keys.SYSTEM_LOG_LEVEL, SystemLogLevel.class).orElse(defaults.systemLogLevel()),
                context.text(Keys.METRICS_NAMESPACE).orElse(defaults.metricsNamespace()),
                context.integer(Keys.ITERATOR_AGE_ALARM_SECONDS).orElse(defaults.iteratorAgeAlarmSeconds()),
                context.text(Keys.ALARM_EMAIL),
                context.encryptionKey(Keys.ENCRYPTION_KEY).orElse(defaults.encryptionKey()),
                ExistingOrdersTable.from(
                        context.text(Keys.EXISTING_ORDERS_TABLE_NAME),
                        context.text(Keys.EXISTING_ORDERS_STREAM_ARN),
                        context.text(Keys.EXISTING_ORDERS_STREAM_VIEW_TYPE)));
    }

    /**
     * Every setting at its default (the values cdk.json states), with the function jar at {@code functionJar}: for an
     * app that builds {@link ExactAggregations} itself, without this app's context keys.
     */
    public static OrderTotalsSettings defaults(Path functionJar) {
        return new OrderTotalsSettings(
                2,
                false,
                functionJar,
                1024,
                30,
                10,
                6,
                true,
                ApplicationLogLevel.INFO,
                SystemLogLevel.WARN,
                MetricNames.DEFAULT_NAMESPACE,
                60,
                Optional.empty(),
                new EncryptionKey.AwsManaged(),
                Optional.empty());
    }

    /**
     * A key that is neither a setting nor the CDK's own is a typo ({@code -c batchsize=10}) that would otherwise be
     * ignored, deploying the default: it fails the synth, naming the nearest setting.
     */
    static void refuseUnknownKeys(Node node) {
        if (!(node.getAllContext() instanceof Map<?, ?> context)) {
            return;
        }
        for (Object entry : context.keySet()) {
            String key = String.valueOf(entry);
            if (!Keys.ALL.contains(key) && !CDKS_OWN.matcher(key).matches()) {
                throw new IllegalArgumentException(unknownKey(key));
            }
        }
    }

    static String unknownKey(String key) {
        String nearest = Keys.ALL.stream()
                .min(Comparator.comparingInt(known -> distance(key, known)))
                .orElseThrow();
        String start = "Context key " + key + " (from -c or cdk.json) is not a setting of this stack";
        if (distance(key, nearest) <= Math.max(2, nearest.length() / 3)) {
            return start + ": did you mean " + nearest + "? (README, Configuration, lists every setting)";
        }
        return start + "; the settings are " + String.join(", ", Keys.ALL) + " (README, Configuration)";
    }

    /** Edit distance, ignoring case: {@code batchsize} is one step from nothing but {@code batchSize}. */
    private static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        int caseOnly = a.equals(b) || !x.equals(y) ? 0 : 1;
        return previous[y.length()] + caseOnly;
    }

    private static void require(boolean valid, String key, Object value, String range) {
        if (!valid) {
            throw new IllegalArgumentException(
                    "Context value " + key + "=" + value + " is out of range: must be " + range);
        }
    }

    /** Typed access to context values, which arrive as JSON values from cdk.json and as strings from -c. */
    private record Context(Node node) {

        Optional<Integer> integer(String key) {
            return get(key, value -> switch (value) {
                case Number number when number.doubleValue() == number.intValue() -> number.intValue();
                case String text when text.strip().matches("-?\\d{1,9}") -> Integer.parseInt(text.strip());
                default -> throw invalid(key, value, "an integer");
            });
        }

        Optional<Boolean> bool(String key) {
            return get(key, value -> switch (value) {
                case Boolean flag -> flag;
                case String text when text.strip().equalsIgnoreCase("true") -> true;
                case String text when text.strip().equalsIgnoreCase("false") -> false;
                default -> throw invalid(key, value, "true or false");
            });
        }

        /** A string; blank counts as unset, so {@code -c alarmEmail=} switches an optional setting off. */
        Optional<String> text(String key) {
            return get(key, value -> switch (value) {
                        case String text -> text.strip();
                        default -> throw invalid(key, value, "a string");
                    })
                    .filter(text -> !text.isEmpty());
        }

        Optional<EncryptionKey> encryptionKey(String key) {
            return text(key)
                    .map(value ->
                            EncryptionKey.parse(value).orElseThrow(() -> invalid(key, value, EncryptionKey.EXPECTED)));
        }

        <E extends Enum<E>> Optional<E> oneOf(String key, Class<E> type) {
            E[] constants = type.getEnumConstants();
            return text(key)
                    .map(name -> Arrays.stream(constants)
                            .filter(constant -> constant.name().equals(name.toUpperCase(Locale.ROOT)))
                            .findFirst()
                            .orElseThrow(() -> invalid(key, name, "one of " + Arrays.toString(constants))));
        }

        <T> Optional<T> get(String key, Function<Object, T> parse) {
            return Optional.ofNullable(node.tryGetContext(key)).map(parse);
        }

        private static IllegalArgumentException invalid(String key, Object value, String expected) {
            return new IllegalArgumentException("Context value " + key + "=" + value + " must be " + expected);
        }
    }
}
