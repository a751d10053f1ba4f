package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Timestamps as stored and returned: the hand-written fast paths agree with java.time. */
class DocumentTimestampsTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void timestamp_writesWhatTheFormatterWrites() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(-62_167_219_200_000L, 253_402_300_799_999L));
            assertThat(DocumentFields.timestamp(instant)).isEqualTo(REFERENCE.format(instant));
        }
        assertThat(DocumentFields.timestamp(Instant.parse("2026-11-29T13:51:36.123Z")))
                .isEqualTo("2026-11-29T13:51:36.123Z");
    }

    @Test
    void parseTimestamp_readsWhatTimestampAndInstantToStringWrite() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(0, 253_402_300_799_999L));
            assertThat(DocumentFields.parseTimestamp(DocumentFields.timestamp(instant))).isEqualTo(instant);
            assertThat(DocumentFields.parseTimestamp(instant.toString())).isEqualTo(instant);
        }
        assertThat(DocumentFields.parseTimestamp("2026-11-20T08:30:00Z"))
                .isEqualTo(Instant.parse("2026-11-20T08:30:00Z"));
    }

    @Test
    void parseTimestamp_leavesOtherFormsToInstantParse() {
        assertThat(DocumentFields.parseTimestamp("2026-11-20T08:30:00.123456Z"))
                .isEqualTo(Instant.parse("2026-11-20T08:30:00.123456Z"));
        assertThat(DocumentFields.parseTimestamp("+10000-01-01T00:00:00Z"))
                .isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
    }

    @Test
    void parseTimestamp_refusesWhatIsNoTimestamp() {
        assertThatThrownBy(() -> DocumentFields.parseTimestamp("2026-13-20T08:30:00.000Z"))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> DocumentFields.parseTimestamp("2026-11-2xT08:30:00.000Z"))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> DocumentFields.parseTimestamp("yesterday")).isInstanceOf(DateTimeParseException.class);
    }
}
