package dev.ordertotals.localengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The launcher's CloudFormation and Lambda patches, each shown to be needed: the same template on an engine started
 * without it goes wrong the way the launcher's docstring says. Most of the "without" cases are moto's silent
 * partial success: the stack is {@code CREATE_COMPLETE} and the resource is simply not there.
 */
class LocalEngineCloudFormationTest {

    private static final Set<String> CLOUDFORMATION_PATCHES =
            Set.of("cfn-alias", "cfn-version", "cfn-alarm", "cfn-queue-policy", "cfn-log-group-arn");
    private static final Set<String> LAMBDA_PATCHES = Set.of("mapping-alias", "inert-mappings");
    private static final String STACK = "patches";

    private static MotoServer engine;
    private static MotoServer withoutCloudFormationPatches;
    private static MotoServer withoutLambdaPatches;

    @BeforeAll
    static void start() {
        engine = MotoServer.start(ProjectPaths.root());
    }

    @AfterAll
    static void stop() {
        for (MotoServer server : new MotoServer[] {engine, withoutCloudFormationPatches, withoutLambdaPatches}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void reset() {
        engine.reset();
    }

    // --- cfn-alias ------------------------------------------------------------------------------------------------

    @Test
    void anAliasIsCreatedWithItsArnAsPhysicalIdAndDeletedWithTheStack() {
        createStack(engine, template(FUNCTION + ALIAS_ON_LATEST));

        String function = physicalId(engine, "Function");
        try (LambdaClient lambda = client(engine, LambdaClient.builder())) {
            assertThat(lambda.getAlias(request -> request.functionName(function).name("live"))
                            .aliasArn())
                    .endsWith(":function:" + function + ":live")
                    .isEqualTo(physicalId(engine, "Alias"));
            deleteStack(engine);
            assertThat(lambda.listFunctions().functions()).isEmpty();
        }
    }

    @Test
    void withoutCfnAliasTheStackIsCompleteWithoutTheAlias() {
        MotoServer plain = withoutCloudFormationPatches();
        createStack(plain, template(FUNCTION + ALIAS_ON_LATEST));

        assertThat(stackStatus(plain)).isEqualTo(StackStatus.CREATE_COMPLETE);
        try (LambdaClient lambda = client(plain, LambdaClient.builder())) {
            String function = lambda.listFunctions().functions().getFirst().functionName();
            assertThat(lambda.listAliases(request -> request.functionName(function))
                            .aliases())
                    .isEmpty();
        }
    }

    // --- cfn-version -----------------------------------------------------------------------------------------------

    @Test
    void aVersionGivesItsNumberThroughGetAttAndItsArnThroughRef() {
        createStack(engine, template(FUNCTION + "," + VERSION, OUTPUTS_OF_VERSION));

        Map<String, String> outputs = outputs(engine);
        assertThat(outputs.get("VersionNumber")).isEqualTo("1");
        assertThat(outputs.get("VersionArn")).endsWith(":function:" + physicalId(engine, "Function") + ":1");
    }

    @Test
    void withoutCfnVersionTheVersionNumberCannotBeRead() {
        MotoServer plain = withoutCloudFormationPatches();
        createStack(plain, template(FUNCTION + "," + VERSION, OUTPUTS_OF_VERSION));

        // The stack is complete, but the version has neither a number nor an ARN to give: moto drops both outputs.
        assertThat(stackStatus(plain)).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(outputs(plain)).isEmpty();
    }

    // --- cfn-alarm -------------------------------------------------------------------------------------------------

    @Test
    void anAlarmIsPutWithItsMetricAndDeletedWithTheStack() {
        createStack(engine, template(ALARM));

        LocalCloudWatch cloudWatch = new LocalCloudWatch(engine.endpoint());
        assertThat(cloudWatch.metricAlarms()).singleElement().satisfies(alarm -> {
            assertThat(alarm.path("AlarmName").asText()).isEqualTo(physicalId(engine, "Alarm"));
            assertThat(alarm.path("Namespace").asText()).isEqualTo("AWS/Lambda");
            assertThat(alarm.path("MetricName").asText()).isEqualTo("Errors");
            assertThat(alarm.path("Threshold").asDouble()).isEqualTo(0.0);
            assertThat(alarm.path("Dimensions").path(0).path("Value").asText()).isEqualTo("f");
        });
        deleteStack(engine);
        assertThat(cloudWatch.metricAlarms()).isEmpty();
    }

    @Test
    void withoutCfnAlarmTheStackIsCompleteWithoutTheAlarm() {
        MotoServer plain = withoutCloudFormationPatches();
        createStack(plain, template(ALARM));

        assertThat(stackStatus(plain)).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(new LocalCloudWatch(plain.endpoint()).metricAlarms()).isEmpty();
    }

    // --- cfn-queue-policy ------------------------------------------------------------------------------------------

    @Test
    void aQueuePolicyBecomesTheQueuesPolicyAttribute() {
        createStack(engine, template(QUEUE_WITH_POLICY));

        assertThat(queuePolicy(engine))
                .contains("\"aws:SecureTransport\": \"false\"")
                .contains("\"Effect\": \"Deny\"");
    }

    @Test
    void withoutCfnQueuePolicyTheStackIsCompleteWithoutThePolicy() {
        MotoServer plain = withoutCloudFormationPatches();
        createStack(plain, template(QUEUE_WITH_POLICY));

        assertThat(stackStatus(plain)).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(queuePolicy(plain)).isNull();
    }

    // --- cfn-log-group-arn -----------------------------------------------------------------------------------------

    @Test
    void aLogGroupsArnEndsWithAStarAsCloudFormationsDoes() {
        createStack(engine, template(LOG_GROUP, OUTPUT_OF_LOG_GROUP));

        assertThat(outputs(engine).get("Arn"))
                .isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:" + physicalId(engine, "LogGroup") + ":*");
    }

    @Test
    void withoutCfnLogGroupArnTheArnLacksTheStar() {
        MotoServer plain = withoutCloudFormationPatches();
        createStack(plain, template(LOG_GROUP, OUTPUT_OF_LOG_GROUP));

        assertThat(outputs(plain).get("Arn")).endsWith(":log-group:" + physicalId(plain, "LogGroup"));
    }

    // --- mapping-alias ---------------------------------------------------------------------------------------------

    @Test
    void aMappingOnAnAliasReportsTheAliasArn() {
        createStack(engine, template(MAPPED_FUNCTION));

        assertThat(mapping(engine).functionArn()).endsWith(":function:" + physicalId(engine, "Function") + ":live");
    }

    @Test
    void withoutMappingAliasAMappingOnAnAliasReportsTheVersion() {
        MotoServer plain = withoutLambdaPatches();
        createStack(plain, template(MAPPED_FUNCTION));

        assertThat(mapping(plain).functionArn()).endsWith(":1");
    }

    // --- inert-mappings --------------------------------------------------------------------------------------------

    @Test
    void aStreamWithAMappingKeepsItsRecords() {
        createStack(engine, template(MAPPED_FUNCTION));

        assertThat(recordsAfterOneWrite(engine)).isEqualTo(1);
    }

    @Test
    void withoutInertMappingsAWriteEmptiesTheStream() {
        MotoServer plain = withoutLambdaPatches();
        createStack(plain, template(MAPPED_FUNCTION));

        assertThat(recordsAfterOneWrite(plain)).isZero();
    }

    // --- templates -------------------------------------------------------------------------------------------------

    private static final String FUNCTION = """
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
            "Function": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12", "Handler": "index.handler",
              "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": "def handler(event, context):\\n    return {}\\n"}}}""";

    private static final String VERSION = """
            "Version": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Function"}}}""";

    private static final String OUTPUTS_OF_VERSION = """
            {"VersionNumber": {"Value": {"Fn::GetAtt": ["Version", "Version"]}}, "VersionArn": {"Value": {"Ref": "Version"}}}""";

    private static final String ALIAS_ON_LATEST = """
            ,
            "Alias": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Function"}, "Name": "live",
              "FunctionVersion": "$LATEST"}}""";

    /** What CDK synthesizes for a stream mapping on an alias: {@code FunctionName} is {@code NAME:ALIAS}. */
    private static final String MAPPED_FUNCTION = FUNCTION + "," + VERSION + """
            ,
            "Alias": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Function"}, "Name": "live",
              "FunctionVersion": {"Fn::GetAtt": ["Version", "Version"]}}},
            "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "PAY_PER_REQUEST",
              "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
              "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"}}},
            "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::GetAtt": ["Table", "StreamArn"]},
              "FunctionName": {"Fn::Join": ["", [{"Fn::Select": [6, {"Fn::Split": [":", {"Ref": "Alias"}]}]}, ":live"]]},
              "StartingPosition": "TRIM_HORIZON", "BatchSize": 2}}""";

    private static final String ALARM = """
            "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"ComparisonOperator": "GreaterThanThreshold",
              "EvaluationPeriods": 1, "MetricName": "Errors", "Namespace": "AWS/Lambda", "Period": 60, "Statistic": "Sum",
              "Threshold": 0, "Dimensions": [{"Name": "FunctionName", "Value": "f"}]}}""";

    private static final String QUEUE_WITH_POLICY = """
            "Queue": {"Type": "AWS::SQS::Queue"},
            "QueuePolicy": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": [{"Ref": "Queue"}],
              "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "*"},
                "Action": "sqs:*", "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}}""";

    private static final String LOG_GROUP = """
            "LogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 30}}""";

    private static final String OUTPUT_OF_LOG_GROUP = """
            {"Arn": {"Value": {"Fn::GetAtt": ["LogGroup", "Arn"]}}}""";

    private static String template(String resources) {
        return "{\"Resources\": {" + resources + "}}";
    }

    private static String template(String resources, String outputs) {
        return "{\"Resources\": {" + resources + "}, \"Outputs\": " + outputs + "}";
    }

    // --- engines, clients and helpers ------------------------------------------------------------------------------

    private static synchronized MotoServer withoutCloudFormationPatches() {
        if (withoutCloudFormationPatches == null) {
            withoutCloudFormationPatches = MotoServer.start(ProjectPaths.root(), CLOUDFORMATION_PATCHES);
        }
        withoutCloudFormationPatches.reset();
        return withoutCloudFormationPatches;
    }

    private static synchronized MotoServer withoutLambdaPatches() {
        if (withoutLambdaPatches == null) {
            withoutLambdaPatches = MotoServer.start(ProjectPaths.root(), LAMBDA_PATCHES);
        }
        withoutLambdaPatches.reset();
        return withoutLambdaPatches;
    }

    /** A client of the engine with moto's credentials and no retries: a failure shows as it happened. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            MotoServer server, B builder) {
        builder.endpointOverride(server.endpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .overrideConfiguration(configuration -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()));
        builder.httpClient(UrlConnectionHttpClient.create());
        return builder.build();
    }

    private static void createStack(MotoServer server, String template) {
        try (CloudFormationClient cloudFormation = client(server, CloudFormationClient.builder())) {
            cloudFormation.createStack(request -> request.stackName(STACK).templateBody(template));
        }
    }

    private static void deleteStack(MotoServer server) {
        try (CloudFormationClient cloudFormation = client(server, CloudFormationClient.builder())) {
            cloudFormation.deleteStack(request -> request.stackName(STACK));
        }
    }

    private static StackStatus stackStatus(MotoServer server) {
        try (CloudFormationClient cloudFormation = client(server, CloudFormationClient.builder())) {
            return cloudFormation
                    .describeStacks(request -> request.stackName(STACK))
                    .stacks()
                    .getFirst()
                    .stackStatus();
        }
    }

    private static Map<String, String> outputs(MotoServer server) {
        try (CloudFormationClient cloudFormation = client(server, CloudFormationClient.builder())) {
            return cloudFormation
                    .describeStacks(request -> request.stackName(STACK))
                    .stacks()
                    .getFirst()
                    .outputs()
                    .stream()
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
        }
    }

    private static String physicalId(MotoServer server, String logicalId) {
        try (CloudFormationClient cloudFormation = client(server, CloudFormationClient.builder())) {
            return cloudFormation
                    .describeStackResources(request -> request.stackName(STACK).logicalResourceId(logicalId))
                    .stackResources()
                    .stream()
                    .map(StackResource::physicalResourceId)
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static String queuePolicy(MotoServer server) {
        try (SqsClient sqs = client(server, SqsClient.builder())) {
            String url = sqs.listQueues().queueUrls().getFirst();
            return sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                    .attributes()
                    .get(QueueAttributeName.POLICY);
        }
    }

    private static EventSourceMappingConfiguration mapping(MotoServer server) {
        try (LambdaClient lambda = client(server, LambdaClient.builder())) {
            return lambda.listEventSourceMappings().eventSourceMappings().getFirst();
        }
    }

    /** Writes one item to the stack's table and counts the records its stream holds afterwards. */
    private static int recordsAfterOneWrite(MotoServer server) {
        try (DynamoDbClient dynamo = LocalClients.dynamo(server.endpoint());
                DynamoDbStreamsClient streams = LocalClients.streams(server.endpoint())) {
            String table = dynamo.listTables().tableNames().getFirst();
            dynamo.putItem(request -> request.tableName(table).item(Map.of("pk", AttributeValue.fromS("order-1"))));
            String streamArn = dynamo.describeTable(request -> request.tableName(table))
                    .table()
                    .latestStreamArn();
            return new StreamShardReader(streams, streamArn).readAll().size();
        }
    }
}
