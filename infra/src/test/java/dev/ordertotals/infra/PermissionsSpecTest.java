package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.getAtt;
import static dev.ordertotals.infra.Synthesized.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.constructs.IConstruct;

/**
 * The function's role grants exactly what the handler and its event source call, on exactly those resources.
 * Compared as whole statements (effect, actions, resource, condition); statement ids are labels, not permissions.
 */
class PermissionsSpecTest {

    private static final String ANY_RESOURCE = "*";

    private static Synthesized deployed;
    private static Map<String, Object> role;
    private static List<Grant> grants;

    /** One IAM statement, normalized so that "Action": "a" and "Action": ["a"] compare equal. */
    record Grant(String effect, Set<String> actions, Object resource, Object condition) {

        static Grant allow(Object resource, String... actions) {
            return new Grant("Allow", new TreeSet<>(List.of(actions)), resource, null);
        }

        static Grant of(Map<String, Object> statement) {
            Object action = statement.get("Action");
            Collection<?> actions = action instanceof Collection<?> list ? list : List.of(action);
            return new Grant(
                    (String) statement.get("Effect"),
                    new TreeSet<>(actions.stream().map(String::valueOf).toList()),
                    statement.get("Resource"),
                    statement.get("Condition"));
        }
    }

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        role = deployed.properties(deployed.stack().aggregator().role());
        grants = statements(deployed.properties(defaultPolicy())).stream()
                .map(Grant::of)
                .toList();
    }

    @Test
    void roleGrantsExactlyWhatTheHandlerAndItsEventSourceCall() {
        OrderTotalsStack stack = deployed.stack();
        assertThat(grants)
                .containsExactlyInAnyOrder(
                        // The handler's TransactWriteItems is authorized per action inside it.
                        Grant.allow(arn(stack.totals().table()), "dynamodb:UpdateItem"),
                        Grant.allow(arn(stack.ledger().table()), "dynamodb:UpdateItem"),
                        Grant.allow(arn(stack.aggregator().logGroup()), "logs:CreateLogStream", "logs:PutLogEvents"),
                        // The event source, with the function's role: read the orders stream, report given-up batches.
                        Grant.allow(
                                getAtt(deployed.logicalId(stack.orders().table()), "StreamArn"),
                                "dynamodb:DescribeStream",
                                "dynamodb:GetRecords",
                                "dynamodb:GetShardIterator"),
                        Grant.allow(ANY_RESOURCE, "dynamodb:ListStreams"),
                        Grant.allow(arn(stack.onFailure().queue()), "sqs:SendMessage"));
    }

    @Test
    void nothingMayReadOrWriteOrderItems() {
        // Only the stream is readable: the table's own ARN (items, indexes) appears in no grant.
        Map<String, Object> ordersArn = arn(deployed.stack().orders().table());
        assertThat(allIamStatements())
                .extracting(statement -> statement.get("Resource"))
                .noneMatch(resource -> resource.equals(ordersArn)
                        || (resource instanceof Collection<?> list && list.contains(ordersArn)))
                .noneMatch(resource -> String.valueOf(resource).contains(ordersArn.toString()));
    }

    @Test
    void noActionIsAWildcard() {
        assertThat(allIamStatements().stream().map(Grant::of).flatMap(grant -> grant.actions().stream()))
                .isNotEmpty()
                .noneMatch(action -> action.contains("*"));
    }

    @Test
    void onlyListStreamsAppliesToAnyResource() {
        // IAM accepts dynamodb:ListStreams only with Resource "*"; it reveals stream ARNs, never data.
        assertThat(grants)
                .filteredOn(grant -> ANY_RESOURCE.equals(grant.resource()))
                .extracting(Grant::actions)
                .containsExactly(Set.of("dynamodb:ListStreams"));
    }

    @Test
    void everyStatementAllows() {
        assertThat(grants).extracting(Grant::effect).containsOnly("Allow");
    }

    @Test
    void roleHasNoManagedPolicies() {
        assertThat(role).doesNotContainKey("ManagedPolicyArns");
    }

    @Test
    void roleHasNoInlinePoliciesBesideTheOneUnderTest() {
        assertThat(role).doesNotContainKey("Policies");
    }

    @Test
    void onlyLambdaMayAssumeTheRole() {
        assertThat(statements(Map.of("PolicyDocument", role.get("AssumeRolePolicyDocument"))))
                .containsExactly(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "lambda.amazonaws.com")));
    }

    @Test
    void policyIsAttachedToTheFunctionsRoleOnly() {
        assertThat(deployed.properties(defaultPolicy()).get("Roles"))
                .isEqualTo(List.of(
                        ref(deployed.logicalId(deployed.stack().aggregator().role()))));
    }

    @Test
    void stackHasExactlyOneRoleAndOnePolicy() {
        deployed.template().resourceCountIs("AWS::IAM::Role", 1);
        deployed.template().resourceCountIs("AWS::IAM::Policy", 1);
    }

    @Test
    void alarmTopicAddsNoRoleOrPolicy() {
        SynthesizedStack.customized().template().resourceCountIs("AWS::IAM::Role", 1);
        SynthesizedStack.customized().template().resourceCountIs("AWS::IAM::Policy", 1);
    }

    private static IConstruct defaultPolicy() {
        return deployed.stack().aggregator().policy();
    }

    private static Map<String, Object> arn(IConstruct construct) {
        return getAtt(deployed.logicalId(construct), "Arn");
    }

    /** Statements of every identity policy in the stack: standalone policies and roles' inline ones. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> allIamStatements() {
        Stream<Map<String, Object>> standalone = deployed.resourcesOfType("AWS::IAM::Policy").values().stream()
                .map(policy -> (Map<String, Object>) policy.get("Properties"));
        Stream<Map<String, Object>> inline = deployed.resourcesOfType("AWS::IAM::Role").values().stream()
                .map(anyRole -> (Map<String, Object>) anyRole.get("Properties"))
                .flatMap(properties ->
                        ((List<Map<String, Object>>) properties.getOrDefault("Policies", List.of())).stream());
        return Stream.concat(standalone, inline)
                .flatMap(policy -> statements(policy).stream())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        return (List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
    }
}
