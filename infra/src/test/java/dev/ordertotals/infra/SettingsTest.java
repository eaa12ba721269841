package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.infra.OrderTotalsSettings.Keys;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;

/** Context values are validated before anything is built, and a bad one names its key. */
class SettingsTest {

    @Test
    void cdkJsonStatesTheDefaultsTheCodeUses() {
        // cdk.json documents every default; an app without context must build the same settings.
        assertThat(settings(SynthesizedStack.cdkJsonContext())).isEqualTo(settings(Map.of()));
    }

    @Test
    void cdkJsonStatesEverySettingButTheOptionalAlarmEmailAndExistingTable() throws IllegalAccessException {
        Set<String> keys = keyConstants();
        keys.remove(Keys.ALARM_EMAIL);
        // Attaching names a real table of the user's: there is no default to state.
        keys.removeAll(List.of(
                Keys.EXISTING_ORDERS_TABLE_NAME,
                Keys.EXISTING_ORDERS_STREAM_ARN,
                Keys.EXISTING_ORDERS_STREAM_VIEW_TYPE));
        // The jar's path is written once, in the contract (see withoutFunctionJarTheStackDeploysTheContractsJar).
        keys.remove(Keys.FUNCTION_JAR);

        assertThat(SynthesizedStack.cdkJsonContext()).containsKeys(keys.toArray(String[]::new));
    }

    @Test
    void theDefaultsForAnotherAppAreWhatAnAppWithoutContextReads() {
        assertThat(OrderTotalsSettings.defaults(SynthesizedStack.functionJarStandIn()))
                .isEqualTo(settings(Map.of()));
    }

    @Test
    void nonNumericBatchSizeFailsNamingTheKey() {
        assertRejected(Keys.BATCH_SIZE, "abc");
    }

    @Test
    void zeroBatchSizeFailsNamingTheKey() {
        assertRejected(Keys.BATCH_SIZE, 0);
    }

    @Test
    void retentionCloudWatchDoesNotOfferFailsNamingTheKey() {
        assertRejected(Keys.LOG_RETENTION_DAYS, 31);
    }

    @Test
    void retainDataOtherThanTrueOrFalseFailsNamingTheKey() {
        assertRejected(Keys.RETAIN_DATA, "yes");
    }

    @Test
    void unknownLogLevelFailsNamingTheKey() {
        assertRejected(Keys.SYSTEM_LOG_LEVEL, "LOUD");
    }

    @Test
    void applicationLogLevelThatWouldDropMetricsFailsNamingTheKey() {
        // EMF lines carry no level, so Lambda files them as INFO: WARN would silence the quarantine alarm.
        assertRejected(Keys.APPLICATION_LOG_LEVEL, "WARN");
    }

    @Test
    void logLevelsAreCaseInsensitive() {
        assertThat(settings(Map.of(Keys.APPLICATION_LOG_LEVEL, "debug")).applicationLogLevel())
                .isEqualTo(ApplicationLogLevel.DEBUG);
    }

    @Test
    void reservedMetricsNamespaceFailsNamingTheKey() {
        assertRejected(Keys.METRICS_NAMESPACE, "AWS/Lambda");
    }

    @Test
    void zeroIteratorAgeThresholdFailsNamingTheKey() {
        assertRejected(Keys.ITERATOR_AGE_ALARM_SECONDS, 0);
    }

    @Test
    void malformedAlarmEmailFailsNamingTheKey() {
        assertRejected(Keys.ALARM_EMAIL, "oncall");
    }

    @Test
    void blankAlarmEmailMeansNoAlarmTopic() {
        assertThat(settings(Map.of(Keys.ALARM_EMAIL, " ")).alarmEmail()).isEmpty();
    }

    @Test
    void encryptionKeyDefaultsToTheServicesOwnKeys() {
        assertThat(settings(Map.of()).encryptionKey()).isEqualTo(new EncryptionKey.AwsManaged());
    }

    @Test
    void encryptionKeyCreateIsCaseInsensitive() {
        assertThat(settings(Map.of(Keys.ENCRYPTION_KEY, "Create")).encryptionKey())
                .isEqualTo(new EncryptionKey.Create());
    }

    @Test
    void encryptionKeyArnNamesAnExistingKey() {
        assertThat(settings(Map.of(Keys.ENCRYPTION_KEY, ContextOverrides.EXISTING_KEY_ARN))
                        .encryptionKey())
                .isEqualTo(new EncryptionKey.Existing(ContextOverrides.EXISTING_KEY_ARN));
    }

    @Test
    void multiRegionKeyArnIsAccepted() {
        String arn = "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
        assertThat(settings(Map.of(Keys.ENCRYPTION_KEY, arn)).encryptionKey())
                .isEqualTo(new EncryptionKey.Existing(arn));
    }

    @Test
    void blankEncryptionKeyMeansTheServicesOwnKeys() {
        // `-c encryptionKey=` switches a key set in cdk.json off, as for alarmEmail.
        assertThat(settings(Map.of(Keys.ENCRYPTION_KEY, "")).encryptionKey()).isEqualTo(new EncryptionKey.AwsManaged());
    }

    @Test
    void unknownEncryptionKeyFailsNamingTheKey() {
        assertRejected(Keys.ENCRYPTION_KEY, "yes");
    }

    @Test
    void aliasArnAsEncryptionKeyFailsNamingTheKey() {
        // IAM grants on an alias ARN do not cover the key behind it: the key ARN is required.
        assertRejected(Keys.ENCRYPTION_KEY, "arn:aws:kms:eu-west-1:111122223333:alias/orders");
    }

    @Test
    void encryptionKeyThatIsNotAStringFailsNamingTheKey() {
        assertRejected(Keys.ENCRYPTION_KEY, true);
    }

    @Test
    void missingFunctionJarFailsNamingThePath() {
        String missing = "function/target/no-such-function.jar";
        assertThatThrownBy(() -> SynthesizedStack.build(Map.of(Keys.FUNCTION_JAR, missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        SynthesizedStack.projectRoot().resolve(missing).toString());
    }

    @Test
    void withoutFunctionJarTheStackDeploysTheContractsJar(@TempDir Path emptyProject) {
        // An empty project root: the default path cannot exist there, so the failure names the path looked for.
        assertThatThrownBy(() -> OrderTotalsSettings.fromContext(
                        new App(AppProps.builder().build()).getNode(), emptyProject))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(emptyProject.resolve(FunctionArtifact.JAR).toString());
    }

    @Test
    void aMisspeltKeyFailsTheSynthNamingTheNearestSetting() {
        assertThatThrownBy(() -> SynthesizedStack.build(Map.of("batchsize", "10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Context key batchsize (from -c or cdk.json) is not a setting of this stack: did you mean"
                        + " batchSize? (README, Configuration, lists every setting)");
    }

    @Test
    void aKeyNearNoSettingFailsListingThemAll() {
        assertThatThrownBy(() -> settings(Map.of("stage", "prod")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Context key stage (from -c or cdk.json) is not a setting of this stack; the"
                        + " settings are batchSize, retainData, functionJar,");
    }

    @Test
    void theCdksOwnKeysAreNotSettingsAndPass() {
        Map<String, Object> cdks = Map.of(
                "@aws-cdk/aws-lambda:aFlagOfANewerRelease",
                true,
                "@aws-cdk-containers/ecs-service-extensions:enableDefaultLogDriver",
                true,
                "aws:cdk:enable-path-metadata",
                true,
                "aws:cdk:bundling-stacks",
                List.of("**"),
                "availability-zones:account=123456789012:region=eu-west-1",
                List.of("eu-west-1a"),
                "acknowledged-issue-numbers",
                List.of(32775));

        assertThat(settings(cdks)).isEqualTo(settings(Map.of()));
    }

    @Test
    void everyKeyIsInTheListTheUnknownKeyCheckUses() throws IllegalAccessException {
        assertThat(Keys.ALL).containsExactlyInAnyOrderElementsOf(keyConstants());
    }

    private static Set<String> keyConstants() throws IllegalAccessException {
        Set<String> keys = new TreeSet<>();
        for (Field field : Keys.class.getFields()) {
            if (field.getType() == String.class) {
                keys.add((String) field.get(null));
            }
        }
        return keys;
    }

    private static void assertRejected(String key, Object value) {
        assertThatThrownBy(() -> SynthesizedStack.build(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key + "=" + value);
    }

    private static OrderTotalsSettings settings(Map<String, Object> context) {
        Path root = SynthesizedStack.projectRoot();
        Map<String, Object> withJar = new HashMap<>(context);
        withJar.putIfAbsent(
                Keys.FUNCTION_JAR, SynthesizedStack.functionJarStandIn().toString());
        return OrderTotalsSettings.fromContext(
                new App(AppProps.builder().context(withJar).build()).getNode(), root);
    }
}
