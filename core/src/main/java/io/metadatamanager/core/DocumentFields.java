package io.metadatamanager.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.error.InvalidRequestException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/** The server-managed fields, and how a client body becomes stored content and stored content a response. */
public final class DocumentFields {
    public static final String ID = "id";
    public static final String VERSION = "version";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String PAGE = "page";

    /** Fields the server owns; a client's values for them are ignored (the id is checked instead). */
    public static final Set<String> MANAGED = Set.of(ID, VERSION, CREATED_AT, UPDATED_AT);

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private DocumentFields() {}

    /**
     * ISO-8601 UTC with milliseconds, e.g. {@code 2026-11-29T13:51:36.123Z}. Written by hand for years 0 to 9999:
     * every response carries two, a listing forty, and the formatter costs several times as much.
     */
    public static String timestamp(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return TIMESTAMP.format(instant);
        }
        char[] c = new char[24];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    /**
     * Reads a stored timestamp: {@code yyyy-MM-ddTHH:mm:ss.SSSZ} as {@link #timestamp} writes it, or without
     * the fraction as {@link Instant#toString} writes a whole second, parsed by hand; anything else ISO-8601 goes
     * through {@link Instant#parse}, which also reports what is not a timestamp.
     */
    public static Instant parseTimestamp(String text) {
        int n = text.length();
        if ((n == 20 || n == 24 && text.charAt(19) == '.') && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && text.charAt(n - 1) == 'Z') {
            int year = number(text, 0, 4);
            int month = number(text, 5, 2);
            int day = number(text, 8, 2);
            int hour = number(text, 11, 2);
            int minute = number(text, 14, 2);
            int second = number(text, 17, 2);
            int millis = n == 24 ? number(text, 20, 3) : 0;
            if ((year | month | day | hour | minute | second | millis) >= 0) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000)
                            .toInstant(ZoneOffset.UTC);
                } catch (DateTimeException outOfRange) {
                    // reported by Instant.parse below
                }
            }
        }
        return Instant.parse(text);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The decimal number in {@code text[at, at + width)}, or -1 if a character is not a digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Rounds to what {@link #timestamp} shows, so that stored and returned values agree. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The content to store from a create or replace body: a copy without the managed fields.
     *
     * @param pathId the id the body must carry, if it carries one (replace); {@code null} on create
     */
    public static ObjectNode content(ObjectNode body, DocumentId pathId) {
        ObjectNode content = body.deepCopy();
        JsonNode id = content.remove(ID);
        if (pathId != null && id != null && !(id.isTextual() && id.textValue().equals(pathId.value()))) {
            throw new InvalidRequestException("the id in the body differs from the id in the path");
        }
        content.remove(VERSION);
        content.remove(CREATED_AT);
        content.remove(UPDATED_AT);
        checkTypes(content);
        return content;
    }

    /** The id a create body asks for, if any. */
    public static DocumentId requestedId(ObjectNode body) {
        JsonNode id = body.get(ID);
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual()) {
            throw new InvalidRequestException("id must be a string");
        }
        return new DocumentId(id.textValue());
    }

    /** Rules on the fields the service interprets. */
    public static void checkTypes(ObjectNode content) {
        JsonNode page = content.get(PAGE);
        if (page != null && !page.isNull() && !page.isTextual()) {
            throw new InvalidRequestException("page must be a string");
        }
        if (page != null && page.isTextual() && page.textValue().isEmpty()) {
            throw new InvalidRequestException("page must not be empty");
        }
    }

    /** The document as the API returns it: the id first, the content, then the other managed fields. */
    public static ObjectNode render(DocumentVersion version, JsonNodeFactory nodes) {
        ObjectNode out = nodes.objectNode();
        out.put(ID, version.id().value());
        if (version.content() != null) {
            out.setAll(version.content());
        }
        out.put(VERSION, version.version());
        out.put(CREATED_AT, timestamp(version.createdAt()));
        out.put(UPDATED_AT, timestamp(version.updatedAt()));
        return out;
    }

    /**
     * Writes what {@link #render} builds straight to {@code generator}, without building the tree. The managed
     * fields always come from the version (stored content never holds them).
     */
    public static void write(JsonGenerator generator, DocumentVersion version) throws IOException {
        generator.writeStartObject();
        generator.writeStringField(ID, version.id().value());
        if (version.content() != null) {
            for (Map.Entry<String, JsonNode> field : version.content().properties()) {
                if (!MANAGED.contains(field.getKey())) {
                    generator.writeFieldName(field.getKey());
                    Json.write(generator, field.getValue());
                }
            }
        }
        generator.writeNumberField(VERSION, version.version());
        generator.writeStringField(CREATED_AT, timestamp(version.createdAt()));
        generator.writeStringField(UPDATED_AT, timestamp(version.updatedAt()));
        generator.writeEndObject();
    }
}
