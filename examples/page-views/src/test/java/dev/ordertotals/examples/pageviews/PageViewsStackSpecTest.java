package dev.ordertotals.examples.pageviews;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.constructs.IConstruct;

/**
 * What the page-views app deploys: its own table with a stream of both images, one totals table keyed by day and
 * page, the function told exactly the one aggregation (and nothing of orders), and a role that may update those
 * totals and the ledger, nothing else.
 */
class PageViewsStackSpecTest {

    private static final String TABLE = "AWS::DynamoDB::Table";
    private static final String FUNCTION = "AWS::Lambda::Function";

    private static SynthesizedPageViews synthesized;
    private static PageViewsStack stack;

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
        synthesized = SynthesizedPageViews.forAssertions();
        stack = synthesized.stack();
    }

    @Test
    void thePageViewsTableIsKeyedByViewIdAndStreamsNewAndOldImages() {
        assertThat(properties(stack.pageViews()))
                .containsEntry("KeySchema", List.of(Map.of("AttributeName", "view_id", "KeyType", "HASH")))
                .containsEntry(
                        "AttributeDefinitions", List.of(Map.of("AttributeName", "view_id", "AttributeType", "S")))
                .containsEntry("StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"));
    }

    @Test
    void theFunctionReadsThePageViewsStream() {
        Capture source = new Capture();
        synthesized
                .template()
                .hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("EventSourceArn", source));

        assertThat(source.asObject()).isEqualTo(getAtt(stack.pageViews(), "StreamArn"));
    }

    @Test
    void thePageTotalsTableIsKeyedByDayThenPageBothStrings() {
        assertThat(properties(stack.pageTotals()))
                .containsEntry(
                        "KeySchema",
                        List.of(
                                Map.of("AttributeName", "day", "KeyType", "HASH"),
                                Map.of("AttributeName", "page", "KeyType", "RANGE")))
                .containsEntry(
                        "AttributeDefinitions",
                        List.of(
                                Map.of("AttributeName", "day", "AttributeType", "S"),
                                Map.of("AttributeName", "page", "AttributeType", "S")));
    }

    @Test
    void theFunctionKeepsExactlyTheDeclaredAggregationIntoThePageTotalsTable() throws Exception {
        Capture variable = new Capture();
        synthesized
                .template()
                .hasResourceProperties(
                        FUNCTION,
                        Map.of(
                                "Environment",
                                Map.of(
                                        "Variables",
                                        Match.objectLike(Map.of(FunctionEnvironment.AGGREGATIONS, variable)))));

        // The JSON with each table reference written as <Ref:logical id>, read back as the function reads it.
        String json = join(variable.asObject(), id -> "<Ref:" + id + ">");

        assertThat(AggregationDeclarations.fromPlain(new ObjectMapper().readValue(json, List.class)))
                .containsExactly(PageViewsStack.VIEWS_PER_DAY_AND_PAGE.withTable(
                        "<Ref:" + synthesized.logicalId(stack.pageTotals()) + ">"));
    }

    @Test
    void theFunctionIsToldThePageViewsTableAndNoOrderTotalsTable() {
        synthesized
                .template()
                .hasResourceProperties(
                        FUNCTION,
                        Map.of(
                                "Environment",
                                Map.of(
                                        "Variables",
                                        Match.objectLike(Map.of(
                                                FunctionEnvironment.ORDERS_TABLE,
                                                Map.of("Ref", synthesized.logicalId(stack.pageViews())),
                                                FunctionEnvironment.TOTALS_TABLE,
                                                Match.absent())))));
    }

    @Test
    void roleGrantsExactlyWhatTheHandlerAndItsEventSourceCall() {
        var aggregator = stack.viewTotals().aggregator();
        assertThat(grants())
                .containsExactlyInAnyOrder(
                        Grant.allow(getAtt(stack.pageTotals(), "Arn"), "dynamodb:UpdateItem"),
                        Grant.allow(getAtt(stack.viewTotals().ledger().table(), "Arn"), "dynamodb:UpdateItem"),
                        Grant.allow(getAtt(aggregator.logGroup(), "Arn"), "logs:CreateLogStream", "logs:PutLogEvents"),
                        Grant.allow(
                                getAtt(stack.pageViews(), "StreamArn"),
                                "dynamodb:DescribeStream",
                                "dynamodb:GetRecords",
                                "dynamodb:GetShardIterator"),
                        Grant.allow("*", "dynamodb:ListStreams"),
                        Grant.allow(getAtt(stack.viewTotals().onFailure().queue(), "Arn"), "sqs:SendMessage"));
    }

    @Test
    void onlyThePageTotalsTableAndTheLedgerMayBeUpdated() {
        assertThat(grants())
                .filteredOn(grant -> grant.actions().contains("dynamodb:UpdateItem"))
                .extracting(Grant::resource)
                .containsExactlyInAnyOrder(
                        getAtt(stack.pageTotals(), "Arn"),
                        getAtt(stack.viewTotals().ledger().table(), "Arn"));
        assertThat(grants())
                .flatExtracting(Grant::actions)
                .filteredOn(action -> action.startsWith("dynamodb:") && !action.equals("dynamodb:UpdateItem"))
                .containsOnly(
                        "dynamodb:DescribeStream",
                        "dynamodb:GetRecords",
                        "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams");
    }

    @Test
    void nothingMayReadOrWritePageViewItems() {
        // Only the stream is readable: the table's own ARN appears in no grant.
        assertThat(grants()).extracting(Grant::resource).doesNotContain(getAtt(stack.pageViews(), "Arn"));
    }

    @Test
    void noOrderResourceLeaksIn() {
        // The page views, their totals, the ledger: no orders table, no order totals table.
        assertThat(synthesized.template().findResources(TABLE))
                .containsOnlyKeys(
                        synthesized.logicalId(stack.pageViews()),
                        synthesized.logicalId(stack.pageTotals()),
                        synthesized.logicalId(stack.viewTotals().ledger().table()));
        assertThat(stack.viewTotals().keepsOrderTotals()).isFalse();
        assertThat(stack.viewTotals().aggregations()).containsExactly(PageViewsStack.VIEWS_PER_DAY_AND_PAGE);
        assertThat(synthesized.template().findResources(TABLE).values())
                .extracting(table -> String.valueOf(((Map<?, ?>) table).get("Properties")))
                .noneMatch(table ->
                        table.contains("order_id") || table.contains("order_date") || table.contains("item_number"));
    }

    @Test
    void theOutputsNameThePageViewsAndPageTotalsTables() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> outputs = (Map<String, Map<String, Object>>)
                synthesized.template().toJSON().get("Outputs");

        assertThat(outputs).containsOnlyKeys("PageViewsTableName", "PageTotalsTableName");
        assertThat(outputs.get("PageViewsTableName"))
                .containsEntry("Value", Map.of("Ref", synthesized.logicalId(stack.pageViews())));
        assertThat(outputs.get("PageTotalsTableName"))
                .containsEntry("Value", Map.of("Ref", synthesized.logicalId(stack.pageTotals())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(IConstruct construct) {
        Map<String, Object> resources =
                (Map<String, Object>) synthesized.template().toJSON().get("Resources");
        Map<String, Object> resource = (Map<String, Object>) resources.get(synthesized.logicalId(construct));
        assertThat(resource).as("resource of %s", construct.getNode().getPath()).isNotNull();
        return (Map<String, Object>) resource.get("Properties");
    }

    private static Map<String, Object> getAtt(IConstruct construct, String attribute) {
        return Map.of("Fn::GetAtt", List.of(synthesized.logicalId(construct), attribute));
    }

    @SuppressWarnings("unchecked")
    private static List<Grant> grants() {
        Map<String, Object> document = (Map<String, Object>)
                properties(stack.viewTotals().aggregator().policy()).get("PolicyDocument");
        return ((List<Map<String, Object>>) document.get("Statement"))
                .stream().map(Grant::of).toList();
    }

    /** A template value as CloudFormation resolves it: text, {@code Fn::Join} of values, {@code Ref} by {@code ref}. */
    private static String join(Object value, Function<String, String> ref) {
        if (value instanceof String text) {
            return text;
        }
        Map<?, ?> intrinsic = (Map<?, ?>) value;
        if (intrinsic.get("Ref") instanceof String id) {
            return ref.apply(id);
        }
        List<?> join = (List<?>) intrinsic.get("Fn::Join");
        assertThat(join).as("an Fn::Join or a Ref: %s", value).isNotNull();
        return ((List<?>) join.get(1))
                .stream().map(part -> join(part, ref)).collect(Collectors.joining((String) join.get(0)));
    }
}
