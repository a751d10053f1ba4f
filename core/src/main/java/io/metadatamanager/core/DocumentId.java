package io.metadatamanager.core;

import io.metadatamanager.core.error.InvalidRequestException;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** A document id chosen by the client or generated: {@code ^[A-Za-z0-9_-]{1,128}$}. */
public record DocumentId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    public DocumentId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new InvalidRequestException("id must match ^[A-Za-z0-9_-]{1,128}$");
        }
    }

    public static DocumentId random() {
        return new DocumentId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
