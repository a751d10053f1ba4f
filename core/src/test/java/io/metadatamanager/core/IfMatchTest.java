package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.metadatamanager.core.error.InvalidRequestException;
import io.metadatamanager.core.error.PreconditionFailedException;
import io.metadatamanager.core.error.PreconditionRequiredException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IfMatchTest {
    private static final DocumentVersion VERSION_3 = version(3);

    private static DocumentVersion version(long number) {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        return new DocumentVersion(new TenantId("tenant-a"), new DocumentId("doc"), number, Operation.REPLACE,
                JsonNodeFactory.instance.objectNode(), at, at, new Actor("tenant-a", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", " * ", "\"3\"", " \"3\" ", "\"1\", \"3\"", "\"3\",\"4\"", "\"2\",\t\"3\"",
            "W/\"3\", \"3\""})
    void check_passes_forAnyOrAListNamingTheCurrentTag(String header) {
        IfMatch ifMatch = IfMatch.parse(header);

        assertThat(ifMatch.matches(VERSION_3)).isTrue();
        assertThatCode(() -> ifMatch.check(VERSION_3)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2\"", "\"1\", \"2\"", "\"03\"", "\"3 \"", "\"\""})
    void check_fails_whenNoListedTagIsTheCurrentOne(String header) {
        IfMatch ifMatch = IfMatch.parse(header);

        assertThat(ifMatch.matches(VERSION_3)).isFalse();
        assertThat(ifMatch.namesTags()).isTrue();
        assertThatThrownBy(() -> ifMatch.check(VERSION_3))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("\"3\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"W/\"3\"", "W/\"3\", W/\"2\""})
    void check_fails_forWeakTagsEvenWithTheCurrentValue(String header) {
        IfMatch ifMatch = IfMatch.parse(header);

        assertThat(ifMatch.matches(VERSION_3)).isFalse();
        assertThat(ifMatch.namesTags()).isTrue();
        assertThatThrownBy(() -> ifMatch.check(VERSION_3)).isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void any_matchesEveryVersion() {
        assertThat(IfMatch.any().matches(version(1))).isTrue();
        assertThat(IfMatch.any().matches(version(99))).isTrue();
        assertThat(IfMatch.any().namesTags()).isFalse();
    }

    @Test
    void parse_keepsAMissingHeader_andOnlyCheckReportsIt() {
        IfMatch missing = IfMatch.parse(null);

        assertThat(missing.matches(VERSION_3)).isFalse();
        assertThat(missing.namesTags()).isFalse();
        assertThatThrownBy(() -> missing.check(VERSION_3))
                .isInstanceOf(PreconditionRequiredException.class)
                .hasMessageContaining("If-Match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ",", " , ", "3", "\"3", "W/3", "W/", "*, \"3\"", "\"3\"x", "abc"})
    void parse_keepsAMalformedHeader_andOnlyCheckReportsIt(String header) {
        IfMatch malformed = IfMatch.parse(header);

        assertThat(malformed.matches(VERSION_3)).isFalse();
        assertThat(malformed.namesTags()).isFalse();
        assertThatThrownBy(() -> malformed.check(VERSION_3))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("If-Match");
    }
}
