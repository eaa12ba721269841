package dev.ordertotals.localengine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::DynamoDB::Table} as the data path needs it: keys, global secondary indexes, stream, TTL.
 * Encryption, point-in-time recovery and billing do not change what the data path does, and moto ignores them.
 *
 * @param streamViewType present when the table has a stream
 * @param globalSecondaryIndexes the table's global secondary indexes (the ledger table's sparse quarantine index)
 * @param tags the table's tags, each value a literal or a reference ({@code AWS::StackId}, another table's name)
 */
public record TableSpec(
        String logicalId,
        List<Key> keySchema,
        List<Attribute> attributes,
        Optional<String> streamViewType,
        Optional<String> timeToLiveAttribute,
        List<Index> globalSecondaryIndexes,
        Map<String, FunctionSpec.EnvValue> tags) {

    public record Key(String name, String keyType) {}

    public record Attribute(String name, String type) {}

    /**
     * A global secondary index.
     *
     * @param projectionType {@code ALL}, {@code KEYS_ONLY} or {@code INCLUDE}
     * @param nonKeyAttributes the attributes an {@code INCLUDE} projection copies
     */
    public record Index(String name, List<Key> keySchema, String projectionType, List<String> nonKeyAttributes) {}

    static TableSpec from(String id, JsonNode properties) {
        List<Key> keys = new ArrayList<>();
        properties
                .path("KeySchema")
                .forEach(key -> keys.add(new Key(
                        key.path("AttributeName").asText(), key.path("KeyType").asText())));
        List<Attribute> attributes = new ArrayList<>();
        properties
                .path("AttributeDefinitions")
                .forEach(attribute -> attributes.add(new Attribute(
                        attribute.path("AttributeName").asText(),
                        attribute.path("AttributeType").asText())));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("table " + id + " has no KeySchema");
        }
        JsonNode ttl = properties.path("TimeToLiveSpecification");
        Optional<String> ttlAttribute =
                ttl.path("Enabled").asBoolean(false) ? StackTemplate.text(ttl, "AttributeName") : Optional.empty();
        if (!properties.path("LocalSecondaryIndexes").isMissingNode()) {
            throw new IllegalArgumentException(
                    "table " + id + " has local secondary indexes, which the local run does not create yet");
        }
        List<Index> indexes = new ArrayList<>();
        properties.path("GlobalSecondaryIndexes").forEach(index -> indexes.add(index(id, index)));
        return new TableSpec(
                id,
                List.copyOf(keys),
                List.copyOf(attributes),
                StackTemplate.text(properties.path("StreamSpecification"), "StreamViewType"),
                ttlAttribute,
                List.copyOf(indexes),
                StackTemplate.tags("table " + id, properties.path("Tags")));
    }

    private static Index index(String tableId, JsonNode index) {
        String name = index.path("IndexName").asText();
        List<Key> keys = new ArrayList<>();
        index.path("KeySchema")
                .forEach(key -> keys.add(new Key(
                        key.path("AttributeName").asText(), key.path("KeyType").asText())));
        if (name.isEmpty() || keys.isEmpty()) {
            throw new IllegalArgumentException(
                    "table " + tableId + " has a global secondary index without IndexName or KeySchema");
        }
        List<String> included = new ArrayList<>();
        index.path("Projection").path("NonKeyAttributes").forEach(attribute -> included.add(attribute.asText()));
        return new Index(
                name,
                List.copyOf(keys),
                index.path("Projection").path("ProjectionType").asText("ALL"),
                List.copyOf(included));
    }

    public String partitionKey() {
        return keySchema.stream()
                .filter(key -> key.keyType().equals("HASH"))
                .findFirst()
                .orElseThrow()
                .name();
    }

    /** The DynamoDB type ({@code S}, {@code N}, {@code B}) of a key attribute. */
    public String attributeType(String name) {
        return attributes.stream()
                .filter(attribute -> attribute.name().equals(name))
                .findFirst()
                .map(Attribute::type)
                .orElse("S");
    }
}
