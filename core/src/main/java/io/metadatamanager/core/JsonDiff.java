package io.metadatamanager.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Computes a JSON Patch (RFC 6902) that turns one document into another: object members are compared one
 * by one, arrays element by element (trailing elements added or removed), anything else is replaced.
 */
public final class JsonDiff {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JsonDiff() {}

    public static ArrayNode diff(JsonNode from, JsonNode to) {
        ArrayNode patch = NODES.arrayNode();
        diff("", from, to, patch);
        return patch;
    }

    private static void diff(String path, JsonNode from, JsonNode to, ArrayNode patch) {
        if (from.equals(to)) {
            return;
        }
        if (from.isObject() && to.isObject()) {
            for (Iterator<String> names = from.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!to.has(name)) {
                    patch.addObject().put("op", "remove").put("path", path + "/" + escape(name));
                }
            }
            for (Map.Entry<String, JsonNode> member : to.properties()) {
                String child = path + "/" + escape(member.getKey());
                JsonNode old = from.get(member.getKey());
                if (old == null) {
                    add(patch, "add", child, member.getValue());
                } else {
                    diff(child, old, member.getValue(), patch);
                }
            }
        } else if (from.isArray() && to.isArray()) {
            int common = Math.min(from.size(), to.size());
            for (int i = 0; i < common; i++) {
                diff(path + "/" + i, from.get(i), to.get(i), patch);
            }
            for (int i = from.size() - 1; i >= common; i--) {
                patch.addObject().put("op", "remove").put("path", path + "/" + i);
            }
            for (int i = common; i < to.size(); i++) {
                add(patch, "add", path + "/-", to.get(i));
            }
        } else {
            add(patch, "replace", path, to);
        }
    }

    private static void add(ArrayNode patch, String op, String path, JsonNode value) {
        ObjectNode operation = patch.addObject().put("op", op).put("path", path);
        operation.set("value", value.deepCopy());
    }

    /** JSON Pointer escaping, RFC 6901. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
