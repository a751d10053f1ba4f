package io.metadatamanager.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.error.InvalidRequestException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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

    /** ISO-8601 UTC with milliseconds, e.g. {@code 2026-11-29T13:51:36.123Z}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
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
}
