package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.error.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentFieldsTest {
    private static final Json JSON = new Json();
    private static final DocumentId PATH_ID = new DocumentId("doc-1");

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Test
    void content_stripsTheManagedFields() {
        ObjectNode body = object("""
                {"id":"doc-1","version":7,"createdAt":"x","updatedAt":"y","page":"home","width":3}""");

        ObjectNode content = DocumentFields.content(body, PATH_ID);

        assertThat(content).isEqualTo(object("{\"page\":\"home\",\"width\":3}"));
    }

    @Test
    void content_leavesTheBodyUntouched() {
        ObjectNode body = object("{\"id\":\"doc-1\",\"version\":7,\"a\":1}");

        DocumentFields.content(body, PATH_ID);

        assertThat(body).isEqualTo(object("{\"id\":\"doc-1\",\"version\":7,\"a\":1}"));
    }

    @Test
    void content_onCreate_ignoresTheIdWithoutComparingIt() {
        ObjectNode content = DocumentFields.content(object("{\"id\":\"anything\",\"a\":1}"), null);

        assertThat(content).isEqualTo(object("{\"a\":1}"));
    }

    @Test
    void content_acceptsAnIdEqualToThePathId() {
        ObjectNode content = DocumentFields.content(object("{\"id\":\"doc-1\",\"a\":1}"), PATH_ID);

        assertThat(content).isEqualTo(object("{\"a\":1}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"doc-2\"}", "{\"id\":\"DOC-1\"}", "{\"id\":1}", "{\"id\":null}",
            "{\"id\":[\"doc-1\"]}", "{\"id\":{\"value\":\"doc-1\"}}"})
    void content_rejectsAnIdDifferentFromThePathId(String body) {
        assertThatThrownBy(() -> DocumentFields.content(object(body), PATH_ID))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("differs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"page\":5}", "{\"page\":true}", "{\"page\":[\"a\"]}", "{\"page\":{}}"})
    void content_rejectsAPageThatIsNotAString(String body) {
        assertThatThrownBy(() -> DocumentFields.content(object(body), null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("page must be a string");
    }

    @Test
    void content_rejectsAnEmptyPage() {
        assertThatThrownBy(() -> DocumentFields.content(object("{\"page\":\"\"}"), null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("page must not be empty");
    }

    @Test
    void checkTypes_acceptsANullPage_whichAMergePatchUsesToRemoveIt() {
        ObjectNode content = DocumentFields.content(object("{\"page\":null}"), PATH_ID);

        assertThat(content.get("page").isNull()).isTrue();
    }

    @Test
    void requestedId_readsAStringId() {
        assertThat(DocumentFields.requestedId(object("{\"id\":\"my-id\"}"))).isEqualTo(new DocumentId("my-id"));
    }

    @Test
    void requestedId_isNullWhenAbsentOrNull() {
        assertThat(DocumentFields.requestedId(object("{\"a\":1}"))).isNull();
        assertThat(DocumentFields.requestedId(object("{\"id\":null}"))).isNull();
    }

    @Test
    void requestedId_rejectsANonString() {
        assertThatThrownBy(() -> DocumentFields.requestedId(object("{\"id\":12}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("id must be a string");
    }

    @Test
    void requestedId_rejectsAnInvalidId() {
        assertThatThrownBy(() -> DocumentFields.requestedId(object("{\"id\":\"not valid\"}")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void timestamp_isUtcWithMilliseconds() {
        assertThat(DocumentFields.timestamp(Instant.parse("2026-11-29T13:51:36Z")))
                .isEqualTo("2026-11-29T13:51:36.000Z");
        assertThat(DocumentFields.timestamp(Instant.parse("2026-11-29T13:51:36.123456789Z")))
                .isEqualTo("2026-11-29T13:51:36.123Z");
    }

    @Test
    void truncate_dropsWhatTheTimestampDoesNotShow() {
        Instant precise = Instant.parse("2026-11-29T13:51:36.123456789Z");

        assertThat(DocumentFields.truncate(precise)).isEqualTo(Instant.parse("2026-11-29T13:51:36.123Z"));
    }

    @Test
    void render_putsTheIdFirst_thenTheContent_thenTheOtherManagedFields() throws Exception {
        // GIVEN
        DocumentVersion version = new DocumentVersion(new TenantId("t"), PATH_ID, 4, Operation.PATCH,
                object("{\"page\":\"home\",\"n\":1.50}"), Instant.parse("2026-01-02T03:04:05.006Z"),
                Instant.parse("2026-02-03T04:05:06.007Z"), new Actor("t", ""));

        // WHEN
        ObjectNode rendered = DocumentFields.render(version, JSON.getNodeFactory());

        // THEN
        assertThat(JSON.writeValueAsString(rendered)).isEqualTo("{\"id\":\"doc-1\",\"page\":\"home\",\"n\":1.50,"
                + "\"version\":4,\"createdAt\":\"2026-01-02T03:04:05.006Z\","
                + "\"updatedAt\":\"2026-02-03T04:05:06.007Z\"}");
    }

    @Test
    void render_ofATombstone_hasOnlyTheManagedFields() throws Exception {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        DocumentVersion tombstone = new DocumentVersion(new TenantId("t"), PATH_ID, 2, Operation.DELETE, null, at, at,
                new Actor("t", ""));

        assertThat(JSON.writeValueAsString(DocumentFields.render(tombstone, JSON.getNodeFactory()))).isEqualTo(
                "{\"id\":\"doc-1\",\"version\":2,\"createdAt\":\"2026-01-02T03:04:05.000Z\","
                        + "\"updatedAt\":\"2026-01-02T03:04:05.000Z\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"page\":\"home\",\"n\":1.50}", "{}", "{\"a\":{\"b\":[1,null,true,\"\\u00e9\"]},\"big\":123456789012345678901234567890}"})
    void write_writesWhatRenderBuilds(String content) throws Exception {
        DocumentVersion version = new DocumentVersion(new TenantId("t"), PATH_ID, 7, Operation.REPLACE,
                object(content), Instant.parse("2026-01-02T03:04:05.006Z"), Instant.parse("2026-02-03T04:05:06.007Z"),
                new Actor("t", ""));

        String written = new String(JSON.write(g -> DocumentFields.write(g, version)),
                java.nio.charset.StandardCharsets.UTF_8);

        assertThat(written).isEqualTo(JSON.writeValueAsString(DocumentFields.render(version,
                JSON.getNodeFactory())));
    }

    @Test
    void write_ofATombstone_writesWhatRenderBuilds() throws Exception {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        DocumentVersion tombstone = new DocumentVersion(new TenantId("t"), PATH_ID, 2, Operation.DELETE, null, at, at,
                new Actor("t", ""));

        String written = new String(JSON.write(g -> DocumentFields.write(g, tombstone)),
                java.nio.charset.StandardCharsets.UTF_8);

        assertThat(written).isEqualTo(JSON.writeValueAsString(DocumentFields.render(tombstone,
                JSON.getNodeFactory())));
    }
}
