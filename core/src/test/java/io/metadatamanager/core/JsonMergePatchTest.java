package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonMergePatchTest {
    private static final ObjectMapper JSON = JsonSupport.newMapper();

    /** Parses JSON written with single quotes, so that the RFC's table reads as it does in the RFC. */
    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    /** RFC 7396, Appendix A: every example, in order. */
    static Stream<Arguments> rfc7396AppendixA() {
        return Stream.of(
                Arguments.of("{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
                Arguments.of("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
                Arguments.of("{'a':'b'}", "{'a':null}", "{}"),
                Arguments.of("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
                Arguments.of("{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
                Arguments.of("{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
                Arguments.of("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"),
                Arguments.of("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
                Arguments.of("['a','b']", "['c','d']", "['c','d']"),
                Arguments.of("{'a':'b'}", "['c']", "['c']"),
                Arguments.of("{'a':'foo'}", "null", "null"),
                Arguments.of("{'a':'foo'}", "'bar'", "'bar'"),
                Arguments.of("{'e':null}", "{'a':1}", "{'e':null,'a':1}"),
                Arguments.of("[1,2]", "{'a':'b','c':null}", "{'a':'b'}"),
                Arguments.of("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"));
    }

    @ParameterizedTest(name = "[{index}] {0} + {1} = {2}")
    @MethodSource("rfc7396AppendixA")
    void apply_givesTheResultOfEveryRfc7396AppendixAExample(String original, String patch, String result) {
        assertThat(JsonMergePatch.apply(json(original), json(patch))).isEqualTo(json(result));
    }

    @Test
    void apply_givesTheResultOfTheRfc7396Section3Example() {
        // GIVEN the document and patch of RFC 7396, section 3
        JsonNode target = json("""
                {'title':'Goodbye!',
                 'author':{'givenName':'John','familyName':'Doe'},
                 'tags':['example','sample'],
                 'content':'This will be unchanged'}""");
        JsonNode patch = json("""
                {'title':'Hello!',
                 'phoneNumber':'+01-123-456-7890',
                 'author':{'familyName':null},
                 'tags':['example']}""");

        // WHEN
        JsonNode result = JsonMergePatch.apply(target, patch);

        // THEN
        assertThat(result).isEqualTo(json("""
                {'title':'Hello!',
                 'author':{'givenName':'John'},
                 'tags':['example'],
                 'content':'This will be unchanged',
                 'phoneNumber':'+01-123-456-7890'}"""));
    }

    @Test
    void apply_treatsAMissingTargetAsAnEmptyObject() {
        assertThat(JsonMergePatch.apply(null, json("{'a':{'b':null,'c':1}}"))).isEqualTo(json("{'a':{'c':1}}"));
    }

    @Test
    void apply_modifiesNeitherArgument() {
        // GIVEN
        JsonNode target = json("{'keep':1,'drop':2,'nested':{'x':1,'y':[1,2]}}");
        JsonNode patch = json("{'drop':null,'nested':{'x':null,'z':{'deep':true}},'added':[3]}");
        JsonNode targetBefore = target.deepCopy();
        JsonNode patchBefore = patch.deepCopy();

        // WHEN
        JsonNode result = JsonMergePatch.apply(target, patch);

        // THEN
        assertThat(target).isEqualTo(targetBefore);
        assertThat(patch).isEqualTo(patchBefore);
        assertThat(result).isEqualTo(json("{'keep':1,'nested':{'y':[1,2],'z':{'deep':true}},'added':[3]}"));
    }

    @Test
    void apply_returnsAResultThatSharesNoNodeWithThePatch() {
        JsonNode patch = json("{'list':[1],'obj':{'a':1}}");

        JsonNode result = JsonMergePatch.apply(json("{}"), patch);
        ((ArrayNode) result.get("list")).add(2);
        ((ObjectNode) result.get("obj")).put("b", 2);

        assertThat(patch).isEqualTo(json("{'list':[1],'obj':{'a':1}}"));
    }
}
