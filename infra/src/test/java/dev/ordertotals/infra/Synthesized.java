package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * A synthesized stack: the constructs (to find a resource's logical id) and its template (to read what deploys).
 * Lets a spec say "this property references <em>that</em> table", so a miswiring fails.
 */
record Synthesized(OrderTotalsStack stack, Template template, Map<String, Object> json) {

    static Synthesized of(OrderTotalsStack stack) {
        Template template = Template.fromStack(stack);
        return new Synthesized(stack, template, template.toJSON());
    }

    /**
     * The logical id of the CloudFormation resource behind an L2 construct (or of an L1 itself), as rendered:
     * resolving the element's id token honours overrides such as the version's hash-suffixed id.
     */
    String logicalId(IConstruct construct) {
        IConstruct resource = construct instanceof CfnElement
                ? construct
                : construct.getNode().getDefaultChild();
        return (String) stack.resolve(((CfnElement) resource).getLogicalId());
    }

    /** The resource's whole template entry: Type, Properties, DeletionPolicy, DependsOn, Metadata. */
    Map<String, Object> resource(IConstruct construct) {
        Map<String, Object> resource = section("Resources").get(logicalId(construct));
        assertThat(resource)
                .as("resource %s in the template", logicalId(construct))
                .isNotNull();
        return resource;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> properties(IConstruct construct) {
        return (Map<String, Object>) resource(construct).get("Properties");
    }

    /** Every resource of a CloudFormation type, by logical id. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resourcesOfType(String type) {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> section(String name) {
        return (Map<String, Map<String, Object>>) json.get(name);
    }

    /** {@code {"Ref": id}}: a table's name, a function's name, a queue's URL. */
    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    /** {@code {"Fn::GetAtt": [id, attribute]}}: an ARN, a stream ARN. */
    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }
}
