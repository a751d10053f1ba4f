package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metadatamanager.core.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorCodecTest {
    private static final TenantId TENANT = new TenantId("tenant-a");
    private static final TenantId OTHER_TENANT = new TenantId("tenant-b");
    private static final String QUERY = "all";

    private final CursorCodec codec = new CursorCodec(() -> key((byte) 7));

    private static byte[] key(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return key;
    }

    @Test
    void open_returnsThePositionThatWasSealed() {
        String cursor = codec.seal("doc-42", TENANT, QUERY);

        assertThat(codec.open(cursor, TENANT, QUERY)).isEqualTo("doc-42");
    }

    @Test
    void seal_hidesThePositionInAnUrlSafeToken() {
        String cursor = codec.seal("position with spaces/and+symbols", TENANT, "page:a b");

        assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+").doesNotContain("position");
        assertThat(codec.open(cursor, TENANT, "page:a b")).isEqualTo("position with spaces/and+symbols");
    }

    @Test
    void open_roundTripsNonAsciiPositions() {
        String cursor = codec.seal("ünïcode-✓", TENANT, QUERY);

        assertThat(codec.open(cursor, TENANT, QUERY)).isEqualTo("ünïcode-✓");
    }

    @Test
    void open_rejectsACursorOfAnotherTenant() {
        String cursor = codec.seal("doc-42", TENANT, QUERY);

        assertThatThrownBy(() -> codec.open(cursor, OTHER_TENANT, QUERY))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void open_rejectsACursorOfAnotherQuery() {
        String cursor = codec.seal("doc-42", TENANT, "page:a");

        assertThatThrownBy(() -> codec.open(cursor, TENANT, "page:b")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> codec.open(cursor, TENANT, "all")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void open_rejectsACursorSealedWithAnotherKey() {
        String cursor = new CursorCodec(() -> key((byte) 8)).seal("doc-42", TENANT, QUERY);

        assertThatThrownBy(() -> codec.open(cursor, TENANT, QUERY)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void open_rejectsATamperedPayload() {
        // GIVEN a valid cursor whose payload is swapped for another position, keeping the mac
        String cursor = codec.seal("doc-42", TENANT, QUERY);
        String mac = cursor.substring(cursor.indexOf('.') + 1);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("doc-99".getBytes(StandardCharsets.UTF_8));

        // WHEN / THEN
        assertThatThrownBy(() -> codec.open(forgedPayload + "." + mac, TENANT, QUERY))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("cursor is not valid for this query");
    }

    @Test
    void open_rejectsATamperedMac() {
        String cursor = codec.seal("doc-42", TENANT, QUERY);
        int dot = cursor.indexOf('.');
        char first = cursor.charAt(dot + 1);
        String tampered = cursor.substring(0, dot + 1) + (first == 'A' ? 'B' : 'A') + cursor.substring(dot + 2);

        assertThatThrownBy(() -> codec.open(tampered, TENANT, QUERY)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void open_rejectsATruncatedMac() {
        String cursor = codec.seal("doc-42", TENANT, QUERY);

        assertThatThrownBy(() -> codec.open(cursor.substring(0, cursor.length() - 4), TENANT, QUERY))
                .isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "garbage", "a.", ".abc", "a.b.c", "!!!.???", "ZG9jLTQy.not base64",
            "ZG9jLTQy", "%%%.%%%"})
    void open_rejectsGarbage(String cursor) {
        assertThatThrownBy(() -> codec.open(cursor, TENANT, QUERY))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("cursor is not valid for this query");
    }

    @Test
    void key_isAskedForOnce_onFirstUse() {
        AtomicInteger asked = new AtomicInteger();
        CursorCodec lazy = new CursorCodec(() -> {
            asked.incrementAndGet();
            return key((byte) 1);
        });
        assertThat(asked).hasValue(0);

        String cursor = lazy.seal("x", TENANT, QUERY);
        lazy.open(cursor, TENANT, QUERY);

        assertThat(asked).hasValue(1);
    }

    @Test
    void seal_refusesAKeyShorterThan32Bytes() {
        CursorCodec weak = new CursorCodec(() -> new byte[31]);

        assertThatThrownBy(() -> weak.seal("x", TENANT, QUERY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes");
    }
}
