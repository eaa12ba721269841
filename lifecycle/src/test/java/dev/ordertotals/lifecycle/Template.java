package dev.ordertotals.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** The synthesized template a deploy used: what the deployed stack is checked against. */
record Template(Path file, Map<String, Resource> resources, Map<String, JsonNode> outputs) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One resource of the template. */
    record Resource(String logicalId, String type, JsonNode properties, String deletionPolicy) {

        JsonNode property(String name) {
            return properties.path(name);
        }
    }

    /** The stack's template in a cloud assembly directory ({@code cdk synth -o DIR}). */
    static Template in(Path assembly, String stackName) {
        Path file = assembly.resolve(stackName + ".template.json");
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, Resource> resources = new LinkedHashMap<>();
            root.path("Resources")
                    .properties()
                    .forEach(entry -> resources.put(
                            entry.getKey(),
                            new Resource(
                                    entry.getKey(),
                                    entry.getValue().path("Type").asText(),
                                    entry.getValue().path("Properties"),
                                    entry.getValue().path("DeletionPolicy").asText("Delete"))));
            Map<String, JsonNode> outputs = new LinkedHashMap<>();
            root.path("Outputs")
                    .properties()
                    .forEach(entry ->
                            outputs.put(entry.getKey(), entry.getValue().path("Value")));
            return new Template(file, resources, outputs);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the template " + file, e);
        }
    }

    List<Resource> ofType(String type) {
        return resources.values().stream()
                .filter(resource -> resource.type().equals(type))
                .toList();
    }

    Resource only(String type) {
        List<Resource> found = ofType(type);
        if (found.size() != 1) {
            throw new AssertionError(
                    file + " has " + found.size() + " resources of type " + type + ", expected exactly one");
        }
        return found.getFirst();
    }

    Resource resource(String logicalId) {
        Resource resource = resources.get(logicalId);
        if (resource == null) {
            throw new AssertionError(file + " has no resource " + logicalId);
        }
        return resource;
    }

    /** The logical id a {@code {"Ref": ID}} or {@code {"Fn::GetAtt": [ID, ...]}} names. */
    static String referencedId(JsonNode value) {
        if (value.has("Ref")) {
            return value.path("Ref").asText();
        }
        if (value.path("Fn::GetAtt").isArray()) {
            return value.path("Fn::GetAtt").path(0).asText();
        }
        throw new AssertionError("expected a Ref or Fn::GetAtt, found " + value);
    }

    static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
