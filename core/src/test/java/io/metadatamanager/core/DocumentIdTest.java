package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metadatamanager.core.error.InvalidRequestException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "_", "-", "render-config_01", "ABCxyz789"})
    void accepts_lettersDigitsUnderscoreAndHyphen(String value) {
        assertThat(new DocumentId(value).value()).isEqualTo(value);
    }

    @Test
    void accepts_128Characters() {
        String longest = "a".repeat(128);

        assertThat(new DocumentId(longest).value()).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a b", "a/b", "a%20b", "ä", "id\n", " id", "a:b", "a+b", "*"})
    void rejects_valuesOutsideTheAlphabet(String value) {
        assertThatThrownBy(() -> new DocumentId(value))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("^[A-Za-z0-9_-]{1,128}$");
    }

    @Test
    void rejects_129Characters() {
        String tooLong = "a".repeat(129);

        assertThatThrownBy(() -> new DocumentId(tooLong)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void random_isAValidUuid() {
        DocumentId id = DocumentId.random();

        assertThat(UUID.fromString(id.value()).toString()).isEqualTo(id.value());
        assertThat(DocumentId.random()).isNotEqualTo(id);
    }

    @Test
    void toString_isTheValue() {
        assertThat(new DocumentId("doc-1")).hasToString("doc-1");
    }
}
