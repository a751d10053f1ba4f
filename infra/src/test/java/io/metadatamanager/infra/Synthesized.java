package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * A synthesized stack for assertions, offline. Synthesizing costs seconds, so the default stack is built once
 * per test JVM and shared by every test class. The function artifact is a small directory standing in for the
 * jar, which does not exist yet when the reactor runs the tests (package comes after test).
 */
final class Synthesized {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Synthesized defaults;
    private static Path artifact;

    final MetadataManagerStack stack;
    final Template template;
    final JsonNode json;

    private Synthesized(MetadataManagerStack stack) {
        this.stack = stack;
        this.template = Template.fromStack(stack);
        this.json = JSON.valueToTree(template.toJSON());
    }

    /** The stack with no context: every default. */
    static synchronized Synthesized defaults() {
        if (defaults == null) {
            defaults = withContext(Map.of());
        }
        return defaults;
    }

    /** The stack as the app builds it for this context ({@code -c key=value}). */
    static Synthesized withContext(Map<String, Object> context) {
        return new Synthesized(stack(context));
    }

    static MetadataManagerStack stack(Map<String, Object> context) {
        App app = InfraApp.newApp(new LinkedHashMap<>(context), Optional.empty());
        InfraSettings settings = InfraSettings.fromContext(app.getNode(), artifact());
        return new MetadataManagerStack(app, InfraApp.STACK_ID, InfraApp.stackProps(settings), settings);
    }

    static synchronized Path artifact() {
        if (artifact == null) {
            try {
                artifact = Files.createTempDirectory("metadata-manager-lambda");
                Files.writeString(artifact.resolve("README.txt"),
                        "Stands in for lambda/target/metadata-manager-lambda.jar in infrastructure tests.\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return artifact;
    }

    Annotations annotations() {
        return Annotations.fromStack(stack);
    }

    /** Every resource of {@code type}, by logical id. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        json.path("Resources").properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals(type)) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    /** The one resource of {@code type}. */
    JsonNode only(String type) {
        Map<String, JsonNode> found = resources(type);
        assertThat(found).as("resources of type %s", type).hasSize(1);
        return found.values().iterator().next();
    }

    /** The one resource of {@code type} whose logical id starts with {@code prefix} (construct path, no hash). */
    JsonNode resource(String type, String prefix) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        resources(type).forEach((id, node) -> {
            if (id.startsWith(prefix)) {
                found.put(id, node);
            }
        });
        assertThat(found).as("resources of type %s starting with %s", type, prefix).hasSize(1);
        return found.values().iterator().next();
    }

    /** The logical id of the one resource of {@code type} whose logical id starts with {@code prefix}. */
    String logicalId(String type, String prefix) {
        return resources(type).keySet().stream().filter(id -> id.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " starting with " + prefix));
    }

    static JsonNode ref(String logicalId) {
        return JSON.createObjectNode().put("Ref", logicalId);
    }

    static JsonNode getAtt(String logicalId, String attribute) {
        return JSON.createObjectNode().set("Fn::GetAtt", JSON.createArrayNode().add(logicalId).add(attribute));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
