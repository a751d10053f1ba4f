package io.metadatamanager.core;

import java.util.Objects;

/** The owner of documents: the authenticated principal ({@code sub} claim). Never taken from request data. */
public record TenantId(String value) {
    public TenantId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("tenant id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
