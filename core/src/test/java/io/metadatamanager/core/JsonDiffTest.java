package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The patch must turn {@code from} into {@code to}: applied by a small RFC 6902 interpreter below. */
class JsonDiffTest {
    private static final ObjectMapper JSON = JsonSupport.newMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|{}",
        "{\"a\":1}|{\"a\":2}",
        "{\"a\":1}|{}",
        "{}|{\"a\":{\"b\":[1,2]}}",
        "{\"a\":[1,2,3]}|{\"a\":[1]}",
        "{\"a\":[1]}|{\"a\":[1,2,3]}",
        "{\"a\":[{\"x\":1},2]}|{\"a\":[{\"x\":2,\"y\":null},2]}",
        "{\"a/b\":1,\"c~d\":2}|{\"a/b\":3}",
        "{\"a\":\"s\"}|{\"a\":{\"nested\":true}}",
        "{\"n\":1.0}|{\"n\":1.00}",
        "{\"big\":123456789012345678901234567890}|{\"big\":123456789012345678901234567891}",
    })
    void thePatchTurnsFromIntoTo(String from, String to) throws Exception {
        JsonNode a = JSON.readTree(from);
        JsonNode b = JSON.readTree(to);

        ArrayNode patch = JsonDiff.diff(a, b);

        assertThat(apply(a.deepCopy(), patch)).isEqualTo(b);
        if (a.equals(b)) {
            assertThat(patch).isEmpty();
        }
    }

    private static JsonNode apply(JsonNode doc, ArrayNode patch) {
        for (JsonNode op : patch) {
            String path = op.get("path").asText();
            int slash = path.lastIndexOf('/');
            JsonNode parent = doc.at(path.substring(0, slash));
            String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            switch (op.get("op").asText()) {
                case "add", "replace" -> {
                    if (parent instanceof ObjectNode object) {
                        object.set(last, op.get("value"));
                    } else if (last.equals("-")) {
                        ((ArrayNode) parent).add(op.get("value"));
                    } else if (op.get("op").asText().equals("replace")) {
                        ((ArrayNode) parent).set(Integer.parseInt(last), op.get("value"));
                    } else {
                        ((ArrayNode) parent).insert(Integer.parseInt(last), op.get("value"));
                    }
                }
                case "remove" -> {
                    if (parent instanceof ObjectNode object) {
                        object.remove(last);
                    } else {
                        ((ArrayNode) parent).remove(Integer.parseInt(last));
                    }
                }
                default -> throw new AssertionError("unexpected op " + op);
            }
        }
        return doc;
    }
}
