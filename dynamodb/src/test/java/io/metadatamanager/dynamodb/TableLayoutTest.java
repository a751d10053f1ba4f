package io.metadatamanager.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableLayoutTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 42, 1_000_000, 123_456_789, 9_999_999_999L})
    void versionSk_isTheVersionZeroPaddedToTenDigits(long version) {
        String sk = TableLayout.versionSk(version);

        assertThat(sk).isEqualTo(TableLayout.VERSION_PREFIX + String.format("%010d", version));
        assertThat(TableLayout.isVersionSk(sk)).isTrue();
        assertThat(TableLayout.parseVersionSk(sk)).isEqualTo(version);
    }

    @Test
    void versionSks_sortAsTheirVersions() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long a = random.nextLong(10_000_000_000L);
            long b = random.nextLong(10_000_000_000L);

            assertThat(Integer.signum(TableLayout.versionSk(a).compareTo(TableLayout.versionSk(b))))
                    .isEqualTo(Long.signum(a - b));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE, 10_000_000_000L, Long.MAX_VALUE})
    void versionSk_refusesVersionsOutOfRange(long version) {
        assertThatThrownBy(() -> TableLayout.versionSk(version)).isInstanceOf(IllegalArgumentException.class);
    }
}
