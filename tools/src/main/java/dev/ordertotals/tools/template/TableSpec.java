package dev.ordertotals.tools.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code AWS::DynamoDB::Table} as the data path needs it: keys, stream, TTL. Encryption, point-in-time
 * recovery and billing do not change what the data path does, and moto ignores them.
 *
 * @param streamViewType present when the table has a stream
 */
public record TableSpec(String logicalId, List<Key> keySchema, List<Attribute> attributes, Optional<String> streamViewType,
        Optional<String> timeToLiveAttribute) {

    public record Key(String name, String keyType) {
    }

    public record Attribute(String name, String type) {
    }

    static TableSpec from(String id, JsonNode properties) {
        List<Key> keys = new ArrayList<>();
        properties.path("KeySchema").forEach(key -> keys.add(new Key(key.path("AttributeName").asText(), key.path("KeyType").asText())));
        List<Attribute> attributes = new ArrayList<>();
        properties.path("AttributeDefinitions").forEach(attribute -> attributes.add(
                new Attribute(attribute.path("AttributeName").asText(), attribute.path("AttributeType").asText())));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("table " + id + " has no KeySchema");
        }
        JsonNode ttl = properties.path("TimeToLiveSpecification");
        Optional<String> ttlAttribute = ttl.path("Enabled").asBoolean(false) ? StackTemplate.text(ttl, "AttributeName") : Optional.empty();
        if (!properties.path("GlobalSecondaryIndexes").isMissingNode() || !properties.path("LocalSecondaryIndexes").isMissingNode()) {
            throw new IllegalArgumentException("table " + id + " has secondary indexes, which the local run does not create yet");
        }
        return new TableSpec(id, List.copyOf(keys), List.copyOf(attributes),
                StackTemplate.text(properties.path("StreamSpecification"), "StreamViewType"), ttlAttribute);
    }

    public String partitionKey() {
        return keySchema.stream().filter(key -> key.keyType().equals("HASH")).findFirst().orElseThrow().name();
    }

    /** The DynamoDB type ({@code S}, {@code N}, {@code B}) of a key attribute. */
    public String attributeType(String name) {
        return attributes.stream().filter(attribute -> attribute.name().equals(name)).findFirst().map(Attribute::type).orElse("S");
    }
}
