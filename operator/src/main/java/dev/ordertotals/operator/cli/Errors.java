package dev.ordertotals.operator.cli;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns an exception into the one line a user needs: what failed, not where. */
public final class Errors {

    private Errors() {}

    public static String oneLine(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof UncheckedIOException
                        || cause instanceof ExecutionException
                        || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = switch (cause) {
            case AwsServiceException aws
            when aws.awsErrorDetails() != null ->
                aws.awsErrorDetails().serviceName() + " "
                        + aws.awsErrorDetails().errorCode() + ": "
                        + aws.awsErrorDetails().errorMessage();
            case SdkClientException client -> "cannot reach AWS: " + client.getMessage();
            default -> cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        };
        String firstLine = message.strip().lines().findFirst().orElse(message);
        return firstLine.length() < message.strip().length() ? firstLine + " (more with --verbose)" : firstLine;
    }
}
