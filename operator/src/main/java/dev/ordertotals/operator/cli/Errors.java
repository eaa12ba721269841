package dev.ordertotals.operator.cli;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns an exception into the one line a user needs: what failed, not where in the code. */
public final class Errors {

    /** How long an error line may be before the rest is left to {@code --verbose}. */
    static final int MAX_LENGTH = 300;

    private static final Pattern PROFILE = Pattern.compile("profile '([^']*)'");

    private Errors() {}

    public static String oneLine(Throwable error) {
        return oneLine(error, Optional.empty());
    }

    /** @param where what the command talks to ({@link ServiceTarget#where()}), named when it cannot be reached */
    public static String oneLine(Throwable error, Optional<String> where) {
        Throwable cause = error;
        while ((cause instanceof UncheckedIOException
                        || cause instanceof ExecutionException
                        || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = switch (cause) {
            case AwsServiceException aws when aws.awsErrorDetails() != null -> service(aws);
            case SdkClientException client -> client(client, where.orElse("AWS"));
            default -> cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        };
        String stripped = message.strip();
        String firstLine = stripped.lines().findFirst().orElse(stripped);
        // The tools' own refusals are written to be read whole; what libraries say is cut short.
        boolean ours = cause instanceof IllegalArgumentException || cause instanceof IllegalStateException;
        if (!ours && firstLine.length() > MAX_LENGTH) {
            return firstLine.substring(0, MAX_LENGTH) + "... (more with --verbose)";
        }
        return firstLine.length() < stripped.length() ? firstLine + " (more with --verbose)" : firstLine;
    }

    private static String service(AwsServiceException aws) {
        var details = aws.awsErrorDetails();
        String code = details.errorCode() != null ? details.errorCode() : "HTTP " + aws.statusCode();
        String text = details.errorMessage() != null ? ": " + details.errorMessage() : " (no message)";
        return details.serviceName() + " " + code + text;
    }

    /** The request never got an answer: say where it went and what to check, not the SDK's paragraph. */
    private static String client(SdkClientException error, String where) {
        String text = error.getMessage() == null ? "" : error.getMessage();
        if (text.startsWith("Unable to load credentials")) {
            return "no AWS credentials found: pass --profile NAME, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY (for SSO: aws sso login); --verbose lists every place the SDK looked";
        }
        Matcher profile = PROFILE.matcher(text);
        if (text.startsWith("Profile file contained no credentials") && profile.find()) {
            return "no AWS credentials for profile " + profile.group(1) + " in ~/.aws/credentials or ~/.aws/config:"
                    + " check --profile (aws configure list-profiles lists them); for SSO: aws sso login --profile "
                    + profile.group(1);
        }
        if (text.startsWith("Unable to load region")) {
            return "no AWS region: pass --region or set AWS_REGION";
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case UnknownHostException unknown -> {
                    return "cannot reach " + where + ": host " + unknown.getMessage()
                            + " is unknown; check --region and --endpoint-url, and the network";
                }
                case ConnectException refused -> {
                    return "cannot reach " + where + ": " + refused.getMessage()
                            + "; is anything listening there? (check --endpoint-url)";
                }
                case SocketTimeoutException timeout -> {
                    return "cannot reach " + where + ": no answer in time (" + timeout.getMessage()
                            + "); check --endpoint-url or --region, and the network";
                }
                case HttpTimeoutException timeout -> {
                    return "cannot reach " + where + ": no answer in time; check the network";
                }
                default -> {
                    // look further down the causes
                }
            }
        }
        return "cannot reach " + where + ": " + text;
    }
}
