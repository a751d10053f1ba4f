package io.metadatamanager.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads and writes JSON trees under the rules of {@link JsonSupport}: duplicate keys are an error, numbers keep
 * their exact value, nesting is limited, nothing may follow the value. The method names are those of Jackson's
 * {@code ObjectMapper}, and the trees are the same.
 *
 * <p>Only jackson-core's streaming parser and generator run here, not databind's mapper: building an
 * {@code ObjectMapper} costs about 150 ms of a cold start (its serializer and type machinery, and
 * {@code java.text}'s locale data for its default date format), and trees need none of it.
 *
 * <p>Thread-safe; build one at startup and share it.
 */
public final class Json {
    /**
     * Which parts of a document to keep when reading it: the fields named, each with the part of its value to
     * keep; everything else is skipped without being built into the tree.
     */
    public static final class Projection {
        /** Keeps the whole value. */
        public static final Projection ALL = new Projection(Map.of());

        private final Map<String, Projection> fields;

        private Projection(Map<String, Projection> fields) {
            this.fields = fields;
        }

        /** An object of which only {@code fields} are kept. */
        public static Projection of(Map<String, Projection> fields) {
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a projection keeps at least one field");
            }
            return new Projection(Map.copyOf(fields));
        }

        boolean keepsAll() {
            return fields.isEmpty();
        }
    }

    private final JsonFactory factory;
    /** For documents from a trusted producer, such as API Gateway's events: no duplicate-key check. */
    private final JsonFactory trusted;
    private final JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);

    public Json() {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(JsonSupport.MAX_NESTING_DEPTH)
                .build();
        factory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        trusted = JsonFactory.builder().streamReadConstraints(limits).build();
    }

    public JsonNodeFactory getNodeFactory() {
        return nodes;
    }

    public ObjectNode createObjectNode() {
        return nodes.objectNode();
    }

    /** The value in {@code content}; a {@link MissingNode} when there is none, as with the mapper. */
    public JsonNode readTree(byte[] content) throws IOException {
        try (JsonParser parser = factory.createParser(content)) {
            return readRoot(parser, Projection.ALL);
        }
    }

    public JsonNode readTree(String content) throws JsonProcessingException {
        return readString(factory, content, Projection.ALL);
    }

    /**
     * Reads the parts of a document from a trusted producer that {@code projection} keeps; the rest is skipped.
     * Duplicate keys are not checked (the last one wins). Reads the stream to its end; the caller closes it.
     */
    public JsonNode readTree(InputStream content, Projection projection) throws IOException {
        try (JsonParser parser = trusted.createParser(content)) {
            return readRoot(parser, projection);
        }
    }

    /**
     * Reads the parts of a document from a trusted producer, such as a document this service stored, that
     * {@code projection} keeps. Duplicate keys are not checked (the last one wins).
     */
    public JsonNode readTree(String content, Projection projection) throws JsonProcessingException {
        return readString(trusted, content, projection);
    }

    private JsonNode readString(JsonFactory from, String content, Projection projection)
            throws JsonProcessingException {
        try (JsonParser parser = from.createParser(content)) {
            return readRoot(parser, projection);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail this way", e);
        }
    }

    /** What to write with a generator, such as a response or a log line written by hand. */
    @FunctionalInterface
    public interface Writing {
        void writeTo(JsonGenerator generator) throws IOException;
    }

    /** The UTF-8 bytes that {@code writing} writes. */
    public byte[] write(Writing writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            writing.writeTo(generator);
        } catch (IOException e) {
            // nothing in memory can fail to be written; a node that is not JSON is an IllegalArgumentException
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return out.toByteArray();
    }

    public byte[] writeValueAsBytes(JsonNode value) {
        return write(generator -> write(generator, value));
    }

    /** As text: unlike the bytes, characters outside the Basic Multilingual Plane are not escaped. */
    public String writeValueAsString(JsonNode value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return out.toString();
    }

    /** Writes {@code value} as the next value of {@code generator}. */
    public static void write(JsonGenerator generator, JsonNode value) throws IOException {
        switch (value.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : value) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(value.textValue());
            case NUMBER -> {
                switch (value.numberType()) {
                    case INT -> generator.writeNumber(value.intValue());
                    case LONG -> generator.writeNumber(value.longValue());
                    case BIG_INTEGER -> generator.writeNumber(value.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(value.floatValue());
                    case DOUBLE -> generator.writeNumber(value.doubleValue());
                    case BIG_DECIMAL -> generator.writeNumber(value.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(value.booleanValue());
            case NULL -> generator.writeNull();
            case BINARY -> generator.writeBinary(value.binaryValue());
            case MISSING, POJO -> throw new IllegalArgumentException(
                    "not a JSON value: " + value.getNodeType());
        }
    }

    private JsonNode readRoot(JsonParser parser, Projection projection) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return MissingNode.getInstance();
        }
        JsonNode root = read(parser, first, projection);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
        }
        return root;
    }

    /**
     * The value that starts at {@code token}, as far as {@code projection} keeps it; the parser's nesting limit
     * bounds the recursion.
     */
    private JsonNode read(JsonParser parser, JsonToken token, Projection projection) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "Unexpected end-of-input");
        }
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    Projection kept = projection.keepsAll() ? Projection.ALL : projection.fields.get(name);
                    if (kept == null) {
                        parser.skipChildren();
                    } else {
                        object.set(name, read(parser, value, kept));
                    }
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(read(parser, next, projection));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new JsonParseException(parser, "Unexpected token " + token);
        };
    }
}
