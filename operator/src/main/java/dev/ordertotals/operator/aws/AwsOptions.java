package dev.ordertotals.operator.aws;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the tools talk to: real AWS through the default credential chain, or a local engine. */
public final class AwsOptions {

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            description =
                    "Send every AWS call here, e.g. the local engine's http://127.0.0.1:PORT (default: real AWS).")
    URI endpointUrl;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description =
                    "AWS region (default: the SDK's region chain: AWS_REGION, the profile; us-east-1 with --endpoint-url).")
    String region;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Named profile from ~/.aws (default: the default credential chain).")
    String profile;

    public AwsClients clients() {
        return new AwsClients(
                Optional.ofNullable(endpointUrl), Optional.ofNullable(region), Optional.ofNullable(profile));
    }
}
