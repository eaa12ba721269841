package dev.ordertotals.infra;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Context {@code encryptionKey}: which KMS key encrypts the data at rest (the three tables, the on-failure queue and
 * the function's log group).
 *
 * <ul>
 *   <li>{@value #AWS_MANAGED_VALUE} (the default): the services' own keys, as before this setting existed: the
 *       AWS-managed {@code aws/dynamodb} key for the tables, SQS-managed encryption (SSE-SQS) for the queue,
 *       CloudWatch Logs' default encryption for the log group.</li>
 *   <li>{@value #CREATE_VALUE}: the stack creates one customer-managed key, with yearly rotation.</li>
 *   <li>a KMS key ARN ({@code arn:aws:kms:<region>:<account>:key/<key-id>}): that existing key, which the stack
 *       does not manage (see README "Configuration" for the key-policy statement CloudWatch Logs needs).</li>
 * </ul>
 */
public sealed interface EncryptionKey {

    String AWS_MANAGED_VALUE = "aws-managed";
    String CREATE_VALUE = "create";

    /** What a valid value looks like, for the message of a rejected one. */
    String EXPECTED = AWS_MANAGED_VALUE + ", " + CREATE_VALUE
            + " or the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<key-id>; not an alias)";

    /**
     * A key ARN in any partition: a key id is a UUID, or {@code mrk-} and 32 hex digits for a multi-Region key. Alias
     * ARNs are refused: IAM grants on an alias ARN do not authorize use of the key behind it.
     */
    Pattern KEY_ARN = Pattern.compile("arn:aws(-[a-z]+)*:kms:[a-z]{2}(-[a-z]+)+-\\d{1,2}:\\d{12}:key/"
            + "(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    /** The services' own keys. */
    record AwsManaged() implements EncryptionKey {}

    /** A key created (and rotated) by the stack. */
    record Create() implements EncryptionKey {}

    /** An existing key, by ARN. */
    record Existing(String arn) implements EncryptionKey {
        public Existing {
            if (!KEY_ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("Not a KMS key ARN: " + arn);
            }
        }
    }

    /** The setting for a context value, if it is one of the accepted forms (keywords in any case). */
    static Optional<EncryptionKey> parse(String value) {
        String text = value.strip();
        if (text.equalsIgnoreCase(AWS_MANAGED_VALUE)) {
            return Optional.of(new AwsManaged());
        }
        if (text.equalsIgnoreCase(CREATE_VALUE)) {
            return Optional.of(new Create());
        }
        if (KEY_ARN.matcher(text).matches()) {
            return Optional.of(new Existing(text));
        }
        return Optional.empty();
    }
}
