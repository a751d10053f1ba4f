package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DocumentVersionTest {
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    private static DocumentVersion version(long number, Operation operation, ObjectNode content) {
        return new DocumentVersion(new TenantId("t"), new DocumentId("d"), number, operation, content, AT, AT,
                new Actor("t", "client"));
    }

    private static ObjectNode content() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void etag_isTheQuotedVersionNumber() {
        assertThat(version(12, Operation.REPLACE, content()).etag()).isEqualTo("\"12\"");
    }

    @Test
    void page_isTheStringPageField() {
        assertThat(version(1, Operation.CREATE, content().put("page", "home")).page()).contains("home");
        assertThat(version(1, Operation.CREATE, content()).page()).isEmpty();
        assertThat(version(1, Operation.CREATE, content().put("page", 3)).page()).isEmpty();
        assertThat(version(2, Operation.DELETE, null).page()).isEmpty();
    }

    @Test
    void deleted_onlyForATombstone() {
        assertThat(version(2, Operation.DELETE, null).deleted()).isTrue();
        assertThat(version(2, Operation.PATCH, content()).deleted()).isFalse();
    }

    @Test
    void rejects_aTombstoneWithContent_andAVersionWithoutContent() {
        assertThatThrownBy(() -> version(2, Operation.DELETE, content()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> version(2, Operation.REPLACE, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_versionsBelowOne() {
        assertThatThrownBy(() -> version(0, Operation.CREATE, content()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void operation_wireNamesRoundTrip() {
        for (Operation operation : Operation.values()) {
            assertThat(Operation.fromWireName(operation.wireName())).isEqualTo(operation);
            assertThat(operation.wireName()).isLowerCase();
        }
    }

    @Test
    void actor_usesTheTenantAsSubject_andAnEmptyClientIdWhenThereIsNone() {
        assertThat(Actor.of(new TenantId("sub-1"), null)).isEqualTo(new Actor("sub-1", ""));
        assertThat(Actor.of(new TenantId("sub-1"), "app")).isEqualTo(new Actor("sub-1", "app"));
    }

    @Test
    void tenant_mustNotBeBlank() {
        assertThatThrownBy(() -> new TenantId(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
