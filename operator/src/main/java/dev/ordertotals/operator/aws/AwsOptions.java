package dev.ordertotals.operator.aws;

import dev.ordertotals.operator.cli.ServiceTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import software.amazon.awssdk.regions.Region;

/** Where the tools talk to: real AWS through the default credential chain, or a local engine. */
public final class AwsOptions implements ServiceTarget {

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            converter = EndpointUrl.class,
            description =
                    "Send every AWS call here, e.g. the local engine's http://127.0.0.1:PORT (default: real AWS).")
    URI endpointUrl;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            converter = RegionName.class,
            description =
                    "AWS region (default: the SDK's region chain: AWS_REGION, the profile; us-east-1 with --endpoint-url).")
    String region;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Named profile from ~/.aws (default: the default credential chain).")
    String profile;

    private AwsClients clients;

    public AwsClients clients() {
        clients = new AwsClients(
                Optional.ofNullable(endpointUrl), Optional.ofNullable(region), Optional.ofNullable(profile));
        return clients;
    }

    @Override
    public String where() {
        if (clients != null) {
            return clients.where();
        }
        if (endpointUrl != null) {
            return endpointUrl.toString();
        }
        return "AWS" + (region != null ? " (region " + region + ")" : "");
    }

    /** {@code --endpoint-url}: an http or https URL with a host, such as {@code http://127.0.0.1:4566}. */
    public static final class EndpointUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI uri;
            try {
                uri = new URI(value.strip());
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a URL: " + e.getReason()
                        + "; give the scheme and host, e.g. http://127.0.0.1:4566");
            }
            if (uri.getScheme() == null
                    || !(uri.getScheme().equalsIgnoreCase("http")
                            || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new TypeConversionException("'" + value
                        + "' is not an http(s) URL with a host: give the scheme and host, e.g. http://127.0.0.1:4566");
            }
            if ((uri.getPath() != null
                            && !uri.getPath().isEmpty()
                            && !uri.getPath().equals("/"))
                    || uri.getQuery() != null) {
                throw new TypeConversionException(
                        "'" + value + "' has a path or query: give the scheme, host and port only, e.g. "
                                + uri.getScheme() + "://" + uri.getRawAuthority());
            }
            return uri;
        }
    }

    /**
     * {@code --region}: a region the SDK knows, or one shaped like a region ({@code xx-name-N}) that is newer than
     * the SDK. Anything else would be sent to a host that does not exist, and fail seconds later without a word on
     * the region.
     */
    public static final class RegionName implements ITypeConverter<String> {

        private static final Pattern SHAPE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

        @Override
        public String convert(String value) {
            String name = value.strip();
            boolean known =
                    Region.regions().stream().anyMatch(known1 -> known1.id().equals(name));
            if (!known && !SHAPE.matcher(name).matches()) {
                throw new TypeConversionException(
                        "'" + value
                                + "' is not an AWS region: give one such as us-east-1 or eu-west-1 (aws ec2 describe-regions lists them)");
            }
            return name;
        }
    }
}
