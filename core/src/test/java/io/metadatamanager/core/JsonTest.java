package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest extends JsonRulesTest {
    private final Json json = new Json();
    private final ObjectMapper mapper = JsonSupport.newMapper();

    @Override
    Codec codec() {
        Json codec = new Json();
        return new Codec() {
            @Override
            public JsonNode readTree(String content) throws JsonProcessingException {
                return codec.readTree(content);
            }

            @Override
            public String writeValueAsString(JsonNode value) throws JsonProcessingException {
                return codec.writeValueAsString(value);
            }
        };
    }

    @Test
    void randomTrees_areWrittenAndReadAsTheMapperDoes() throws Exception {
        Random random = new Random(20261129L);
        for (int i = 0; i < 2_000; i++) {
            JsonNode tree = randomValue(random, 0);
            String text = mapper.writeValueAsString(tree);

            assertThat(json.writeValueAsString(tree)).isEqualTo(text);
            assertThat(json.writeValueAsBytes(tree)).isEqualTo(mapper.writeValueAsBytes(tree));
            JsonNode read = json.readTree(text);
            assertThat(read).isEqualTo(mapper.readTree(text));
            assertThat(json.readTree(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(read);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "1", "-0", "\"x\"", "null", "true", "[]", "{}", "2147483648",
            "9223372036854775808", "-9223372036854775809", "1.5e3", "0.0", "\"\\u0000\\ud83d\\ude00\""})
    void values_readAsTheMapperReadsThem(String text) throws Exception {
        JsonNode expected = mapper.readTree(text);

        JsonNode actual = json.readTree(text);

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2", "{\"a\":", "{\"a\":1,}", "{\"a\" 1}", "[1] [2]", "{} x", "NaN", "'a'",
            "{\"a\":1,\"b\":{\"a\":2,\"a\":3}}", "\"unterminated", "[1,]", "01"})
    void malformedInput_isAParseError(String text) {
        assertThatThrownBy(() -> mapper.readTree(text)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readTree(text)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readTree(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void anOverflowingExponent_failsAsTheMapperFails() {
        String text = "{\"n\":1e-2147483648}";

        assertThatThrownBy(() -> mapper.readTree(text)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> json.readTree(text)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void nodesThatAreNotJson_areRefused() {
        ObjectNode node = json.createObjectNode();
        node.set("p", new POJONode(new Object()));

        assertThatThrownBy(() -> json.writeValueAsString(node)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProjection_keepsTheNamedFieldsOnly_atEveryLevel() throws Exception {
        String text = "{\"a\":1,\"b\":{\"c\":[1,{\"d\":2}],\"e\":{\"f\":3,\"g\":4}},\"h\":[{\"i\":5,\"j\":6}],\"k\":null}";
        Json.Projection projection = Json.Projection.of(Map.of(
                "a", Json.Projection.ALL,
                "b", Json.Projection.of(Map.of("e", Json.Projection.of(Map.of("g", Json.Projection.ALL)))),
                "h", Json.Projection.of(Map.of("j", Json.Projection.ALL)),
                "missing", Json.Projection.ALL));

        JsonNode read = json.readTree(stream(text), projection);

        assertThat(read).isEqualTo(json.readTree("{\"a\":1,\"b\":{\"e\":{\"g\":4}},\"h\":[{\"j\":6}]}"));
    }

    @Test
    void aProjection_stillRefusesMalformedJsonInSkippedParts() {
        Json.Projection projection = Json.Projection.of(Map.of("a", Json.Projection.ALL));

        assertThatThrownBy(() -> json.readTree(stream("{\"a\":1,\"b\":{\"c\":}}"), projection))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readTree(stream("{\"a\":1} 2"), projection))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> json.readTree(stream("{\"a\":1,\"b\":" + "[".repeat(40) + "]".repeat(40) + "}"),
                projection)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aProjection_ofAnEmptyStream_isMissing() throws Exception {
        assertThat(json.readTree(stream(""), Json.Projection.of(Map.of("a", Json.Projection.ALL))).isMissingNode())
                .isTrue();
    }

    @Test
    void aTrustedString_isReadAsTheCheckedReadReadsIt_butDuplicatesAreNotLookedFor() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            String text = mapper.writeValueAsString(randomValue(random, 0));

            assertThat(json.readTree(text, Json.Projection.ALL)).isEqualTo(json.readTree(text));
        }
        assertThat(json.readTree("{\"a\":1,\"a\":2}", Json.Projection.ALL).get("a").intValue()).isEqualTo(2);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode randomValue(Random random, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);
        int kind = random.nextInt(depth >= 5 ? 8 : 10);
        return switch (kind) {
            case 0 -> nodes.numberNode(random.nextInt());
            case 1 -> nodes.numberNode(random.nextLong());
            case 2 -> nodes.numberNode(new BigInteger(80, random).subtract(BigInteger.ONE.shiftLeft(79)));
            case 3 -> nodes.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()),
                    random.nextInt(40) - 20));
            case 4 -> nodes.textNode(randomText(random));
            case 5 -> nodes.booleanNode(random.nextBoolean());
            case 6 -> nodes.nullNode();
            case 7 -> nodes.numberNode(random.nextInt(100));
            case 8 -> {
                ObjectNode object = nodes.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(randomText(random), randomValue(random, depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = nodes.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.appendCodePoint(switch (random.nextInt(5)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> "\"\\/".charAt(random.nextInt(3));
                case 2 -> 0x80 + random.nextInt(0x700);
                case 3 -> 0x1F600 + random.nextInt(0x40);
                default -> 'a' + random.nextInt(26);
            });
        }
        return text.toString();
    }
}
