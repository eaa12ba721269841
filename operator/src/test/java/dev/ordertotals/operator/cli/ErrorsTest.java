package dev.ordertotals.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one line an error becomes: what failed and what to check, never the SDK's paragraph. */
class ErrorsTest {

    private static final Optional<String> AWS = Optional.of("AWS (region eu-west-1)");

    @Test
    void noCredentialsAnywhereIsAShortLineSayingWhereToPutThem() {
        // The SDK's message lists every provider and why each failed: about 900 characters on one line.
        String sdk = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
                + "credentialsProviders=[SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider(), "
                + "WebIdentityTokenFileCredentialsProvider(), ProfileCredentialsProvider(profileName=default), "
                + "ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) : ".repeat(3);

        String line = Errors.oneLine(SdkClientException.create(sdk), AWS);

        assertThat(line)
                .isEqualTo(
                        "no AWS credentials found: pass --profile NAME, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                                + " AWS_SECRET_ACCESS_KEY (for SSO: aws sso login); --verbose lists every place the SDK looked");
    }

    @Test
    void anUnknownHostNamesWhereTheCallWentAndWhatToCheck() {
        SdkClientException error = SdkClientException.builder()
                .message("Received an UnknownHostException when attempting to interact with a service. See cause ...")
                .cause(new UnknownHostException("dynamodb.nonsense-1.amazonaws.com"))
                .build();

        assertThat(Errors.oneLine(error, AWS))
                .isEqualTo("cannot reach AWS (region eu-west-1): host dynamodb.nonsense-1.amazonaws.com is unknown;"
                        + " check --region and --endpoint-url, and the network");
    }

    @Test
    void aRefusedConnectionNamesTheEndpoint() {
        SdkClientException error = SdkClientException.builder()
                .message("Unable to execute HTTP request: Connection refused (SDK Attempt Count: 9)")
                .cause(new ConnectException("Connection refused"))
                .build();

        assertThat(Errors.oneLine(error, Optional.of("http://127.0.0.1:1")))
                .isEqualTo("cannot reach http://127.0.0.1:1: Connection refused; is anything listening there? (check"
                        + " --endpoint-url)");
    }

    @Test
    void aServiceErrorWithoutAMessageStillSaysWhichServiceAndCode() {
        AwsServiceException error = AwsServiceException.builder()
                .statusCode(400)
                .awsErrorDetails(
                        AwsErrorDetails.builder().serviceName("DynamoDbStreams").build())
                .build();

        assertThat(Errors.oneLine(error)).isEqualTo("DynamoDbStreams HTTP 400 (no message)");
    }

    @Test
    void aLongLibraryMessageIsCutAndPointsToVerbose() {
        String line = Errors.oneLine(new RuntimeException("x".repeat(1000)));

        assertThat(line).hasSizeLessThan(Errors.MAX_LENGTH + 40).endsWith("... (more with --verbose)");
    }

    @Test
    void theToolsOwnRefusalsAreKeptWhole() {
        String refusal = "these are not one pipeline's: " + "y".repeat(400);

        assertThat(Errors.oneLine(new IllegalArgumentException(refusal))).isEqualTo(refusal);
    }
}
