package io.metadatamanager.lambda;

import io.metadatamanager.dynamodb.DynamoDbCursorKey;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The list-cursor key, fetched once: on the first listing that needs it (which may create it in the table), or
 * earlier by {@link Priming}, which only reads a key that exists already.
 */
final class CursorKeyCache implements Supplier<byte[]> {
    private final Supplier<byte[]> fetch;
    private final Supplier<Optional<byte[]>> lookup;
    private volatile byte[] key;

    private CursorKeyCache(Supplier<byte[]> fetch, Supplier<Optional<byte[]>> lookup) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** A configured key ({@code CURSOR_SECRET}). */
    static CursorKeyCache of(byte[] configured) {
        byte[] copy = configured.clone();
        return new CursorKeyCache(() -> copy, () -> Optional.of(copy));
    }

    /** The key kept in the table. */
    static CursorKeyCache of(DynamoDbCursorKey table) {
        return new CursorKeyCache(table, table::existing);
    }

    /** For a handler whose API brings its own cursor codec: nothing to load. */
    static CursorKeyCache none() {
        return new CursorKeyCache(() -> {
            throw new IllegalStateException("this handler's API has its own cursor key");
        }, Optional::empty);
    }

    @Override
    public byte[] get() {
        byte[] k = key;
        if (k == null) {
            k = fetch.get();
            key = k;
        }
        return k;
    }

    /** Loads the key if it exists; never creates it. */
    void preload() {
        if (key == null) {
            lookup.get().ifPresent(k -> key = k);
        }
    }

    boolean loaded() {
        return key != null;
    }
}
