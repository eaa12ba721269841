package dev.ordertotals.localengine.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.localengine.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the data path needs from a synthesized CloudFormation template, read from the template itself so the
 * local run is the deployed stack and not a second description of it: the DynamoDB tables, the SQS queues, the
 * stream-triggered function and its event source mapping.
 */
public record StackTemplate(
        Path file,
        Map<String, TableSpec> tables,
        Map<String, QueueSpec> queues,
        FunctionSpec function,
        EventSourceSpec eventSource) {

    public static StackTemplate read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the template " + file + ": " + e.getMessage(), e);
        }
        JsonNode resources = root.path("Resources");
        if (!resources.isObject()) {
            throw new IllegalArgumentException(file + " is not a CloudFormation template (no Resources)");
        }
        Map<String, TableSpec> tables = new LinkedHashMap<>();
        Map<String, QueueSpec> queues = new LinkedHashMap<>();
        Map<String, JsonNode> functions = new LinkedHashMap<>();
        List<Map.Entry<String, JsonNode>> mappings = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            String id = resource.getKey();
            JsonNode properties = resource.getValue().path("Properties");
            switch (resource.getValue().path("Type").asText()) {
                case "AWS::DynamoDB::Table" -> tables.put(id, TableSpec.from(id, properties));
                case "AWS::SQS::Queue" -> queues.put(id, QueueSpec.from(id, properties));
                case "AWS::Lambda::Function" -> functions.put(id, resource.getValue());
                case "AWS::Lambda::EventSourceMapping" -> mappings.add(resource);
                default -> {
                    // IAM, logs, versions, aliases, policies: nothing the local data path runs.
                }
            }
        }
        List<Map.Entry<String, JsonNode>> streamMappings = mappings.stream()
                .filter(mapping -> referencedIds(
                                mapping.getValue().path("Properties").path("EventSourceArn"))
                        .stream()
                        .anyMatch(tables::containsKey))
                .toList();
        if (streamMappings.size() != 1) {
            throw new IllegalArgumentException(file + " has " + streamMappings.size()
                    + " event source mappings on a DynamoDB stream; the local run supports exactly one");
        }
        Map.Entry<String, JsonNode> mapping = streamMappings.getFirst();
        EventSourceSpec eventSource = EventSourceSpec.from(
                mapping.getKey(), mapping.getValue().path("Properties"), tables.keySet(), queues.keySet());
        String functionId =
                targetFunction(mapping.getValue().path("Properties").path("FunctionName"), resources, functions);
        FunctionSpec function = FunctionSpec.from(
                functionId, functions.get(functionId), file.toAbsolutePath().getParent());
        return new StackTemplate(file, tables, queues, function, eventSource);
    }

    public TableSpec table(String logicalId) {
        TableSpec table = tables.get(logicalId);
        if (table == null) {
            throw new IllegalArgumentException("the template has no table " + logicalId);
        }
        return table;
    }

    /** The table whose stream feeds the function. */
    public TableSpec sourceTable() {
        return table(eventSource.sourceTableId());
    }

    /** The function's mapping target: through an alias or version to its function, or the only function there is. */
    private static String targetFunction(JsonNode functionName, JsonNode resources, Map<String, JsonNode> functions) {
        for (String id : referencedIds(functionName)) {
            String resolved = followToFunction(id, resources, functions, 0);
            if (resolved != null) {
                return resolved;
            }
        }
        if (functions.size() == 1) {
            return functions.keySet().iterator().next();
        }
        throw new IllegalArgumentException("cannot tell which function the event source mapping invokes");
    }

    private static String followToFunction(String id, JsonNode resources, Map<String, JsonNode> functions, int depth) {
        if (functions.containsKey(id)) {
            return id;
        }
        JsonNode resource = resources.path(id);
        String type = resource.path("Type").asText();
        if (depth < 4 && (type.equals("AWS::Lambda::Alias") || type.equals("AWS::Lambda::Version"))) {
            for (String next : referencedIds(resource.path("Properties"))) {
                String resolved = followToFunction(next, resources, functions, depth + 1);
                if (resolved != null) {
                    return resolved;
                }
            }
        }
        return null;
    }

    /** Every logical id a property value refers to through {@code Ref} or {@code Fn::GetAtt}, at any depth. */
    static Set<String> referencedIds(JsonNode value) {
        Set<String> ids = new LinkedHashSet<>();
        collect(value, ids);
        return ids;
    }

    private static void collect(JsonNode value, Set<String> ids) {
        if (value.isObject()) {
            if (value.has("Ref") && value.get("Ref").isTextual()) {
                ids.add(value.get("Ref").asText());
            }
            JsonNode getAtt = value.path("Fn::GetAtt");
            if (getAtt.isArray() && !getAtt.isEmpty()) {
                ids.add(getAtt.get(0).asText());
            }
            value.elements().forEachRemaining(child -> collect(child, ids));
        } else if (value.isArray()) {
            value.elements().forEachRemaining(child -> collect(child, ids));
        }
    }

    /** A resource's {@code Tags} ({@code [{"Key": ..., "Value": ...}]}) by key, in template order. */
    static Map<String, FunctionSpec.EnvValue> tags(String resource, JsonNode tags) {
        Map<String, FunctionSpec.EnvValue> byKey = new LinkedHashMap<>();
        tags.forEach(tag -> byKey.put(
                tag.path("Key").asText(),
                FunctionSpec.value(
                        tag.path("Value"), resource + ": tag " + tag.path("Key").asText())));
        return Collections.unmodifiableMap(byKey);
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }
}
