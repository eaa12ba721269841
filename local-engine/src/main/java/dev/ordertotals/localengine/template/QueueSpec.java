package dev.ordertotals.localengine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::SQS::Queue} with the attributes that change its behaviour (not its encryption), and its tags (values
 * a literal or a reference, as on a table).
 */
public record QueueSpec(
        String logicalId, boolean fifo, Map<String, String> attributes, Map<String, FunctionSpec.EnvValue> tags) {

    private static final List<String> BEHAVIOUR = List.of(
            "MessageRetentionPeriod",
            "VisibilityTimeout",
            "ReceiveMessageWaitTimeSeconds",
            "MaximumMessageSize",
            "DelaySeconds");

    static QueueSpec from(String id, JsonNode properties) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : BEHAVIOUR) {
            JsonNode value = properties.path(name);
            if (value.isValueNode() && !value.isNull()) {
                attributes.put(name, value.asText());
            }
        }
        return new QueueSpec(
                id,
                properties.path("FifoQueue").asBoolean(false),
                Map.copyOf(attributes),
                StackTemplate.tags("queue " + id, properties.path("Tags")));
    }
}
