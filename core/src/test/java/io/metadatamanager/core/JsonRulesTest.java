package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The JSON rules, which {@link Json} and {@link JsonSupport#newMapper()} must both keep. */
abstract class JsonRulesTest {
    /** The codec under test, with the mapper's method names. */
    interface Codec {
        JsonNode readTree(String content) throws JsonProcessingException;

        String writeValueAsString(JsonNode value) throws JsonProcessingException;
    }

    private final Codec json = codec();

    abstract Codec codec();

    /** An object nested {@code depth} levels deep, innermost {@code {"leaf":true}} included. */
    static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{\"leaf\":true}" + "}".repeat(depth - 1);
    }

    @Test
    void read_rejectsDuplicateKeys() {
        assertThatThrownBy(() -> json.readTree("{\"a\":1,\"a\":2}"))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void read_rejectsDuplicateKeysInNestedObjects() {
        assertThatThrownBy(() -> json.readTree("{\"outer\":{\"b\":true,\"b\":false}}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void read_accepts32LevelsOfNesting() throws Exception {
        JsonNode node = json.readTree(nested(JsonSupport.MAX_NESTING_DEPTH));

        assertThat(node.at("/a".repeat(31) + "/leaf").booleanValue()).isTrue();
    }

    @Test
    void read_rejects33LevelsOfNesting() {
        assertThatThrownBy(() -> json.readTree(nested(JsonSupport.MAX_NESTING_DEPTH + 1)))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void read_rejects33LevelsOfArrays() {
        String arrays = "[".repeat(33) + "]".repeat(33);

        assertThatThrownBy(() -> json.readTree(arrays)).isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void read_rejectsTrailingTokens() {
        assertThatThrownBy(() -> json.readTree("{\"a\":1} {\"b\":2}")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void numbers_keepAnExponentBeyondDoubleRange() throws Exception {
        JsonNode node = json.readTree("{\"n\":1e400}");

        assertThat(node.get("n").isBigDecimal()).isTrue();
        assertThat(node.get("n").decimalValue()).isEqualByComparingTo(new BigDecimal("1e400"));
        JsonNode again = json.readTree(json.writeValueAsString(node));
        assertThat(again.get("n").decimalValue()).isEqualByComparingTo(new BigDecimal("1e400"));
        assertThat(json.writeValueAsString(node)).doesNotContain("Infinity");
    }

    @Test
    void numbers_roundTripDecimalsExactly() throws Exception {
        String text = "{\"a\":0.1,\"b\":0.10,\"c\":1.0,\"d\":-2.5E-7,\"e\":0.30000000000000004}";

        JsonNode node = json.readTree(text);

        assertThat(node.get("a").decimalValue()).isEqualTo(new BigDecimal("0.1"));
        assertThat(json.writeValueAsString(node))
                .isEqualTo("{\"a\":0.1,\"b\":0.10,\"c\":1.0,\"d\":-2.5E-7,\"e\":0.30000000000000004}");
    }

    @Test
    void numbers_keepBigIntegersExactly() throws Exception {
        JsonNode node = json.readTree("{\"n\":12345678901234567890123,\"m\":-98765432109876543210}");

        assertThat(node.get("n").bigIntegerValue()).isEqualTo(new BigInteger("12345678901234567890123"));
        assertThat(json.writeValueAsString(node))
                .isEqualTo("{\"n\":12345678901234567890123,\"m\":-98765432109876543210}");
    }

    @Test
    void numbers_keepSmallIntegersAsIntegers() throws Exception {
        JsonNode node = json.readTree("{\"n\":42}");

        assertThat(node.get("n").isIntegralNumber()).isTrue();
        assertThat(json.writeValueAsString(node)).isEqualTo("{\"n\":42}");
    }
}
