package dev.ordertotals.lifecycle;

import dev.ordertotals.localengine.LocalClients;
import dev.ordertotals.localengine.LocalCloudWatch;
import dev.ordertotals.localengine.MotoServer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients of one local engine (moto's credentials, no retries: a failure shows as it happened). */
final class EngineClients implements AutoCloseable {

    final CloudFormationClient cloudFormation;
    final DynamoDbClient dynamo;
    final LambdaClient lambda;
    final IamClient iam;
    final SqsClient sqs;
    final CloudWatchLogsClient logs;
    final KmsClient kms;
    final SnsClient sns;
    final LocalCloudWatch cloudWatch;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();

    EngineClients(URI endpoint) {
        cloudFormation = build(CloudFormationClient.builder(), endpoint);
        dynamo = LocalClients.dynamo(endpoint);
        lambda = build(LambdaClient.builder(), endpoint);
        iam = build(IamClient.builder(), endpoint);
        sqs = build(SqsClient.builder(), endpoint);
        logs = build(CloudWatchLogsClient.builder(), endpoint);
        kms = build(KmsClient.builder(), endpoint);
        sns = build(SnsClient.builder(), endpoint);
        cloudWatch = new LocalCloudWatch(endpoint);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint) {
        builder.endpointOverride(endpoint)
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .overrideConfiguration(configuration -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()));
        builder.httpClient(http);
        return builder.build();
    }

    @Override
    public void close() {
        cloudFormation.close();
        dynamo.close();
        lambda.close();
        iam.close();
        sqs.close();
        logs.close();
        kms.close();
        sns.close();
        http.close();
    }
}
