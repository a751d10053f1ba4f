package io.metadatamanager.dynamodb;

import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.TenantId;
import java.util.Optional;

/**
 * The single-table key layout. This is the one class that knows how keys are spelled; see
 * {@code docs/DATA-MODEL.md} for the access patterns.
 *
 * <pre>
 * item             PK                       SK                 GSI1PK        GSI1SK
 * version          T#{tenant}#D#{id}        V#{version:10}     -             -
 * head (live)      T#{tenant}#D#{id}        H                  T#{tenant}    P#{page}#{id} or N#{id}
 * head (deleted)   T#{tenant}#D#{id}        H                  -             -
 * idempotency key  T#{tenant}#K#{key}       K                  -             -   (expiresAt: TTL)
 * cursor key       SYS#cursor-key           SYS                -             -
 * </pre>
 *
 * Ids cannot contain {@code #}; page values are escaped ({@code %} and {@code #}), so every key parses one
 * way and a page prefix never matches another page.
 */
public final class TableLayout {
    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String GSI1 = "GSI1";
    public static final String GSI1_PK = "GSI1PK";
    public static final String GSI1_SK = "GSI1SK";
    /** Epoch seconds after which an item is gone: DynamoDB's TTL attribute, filtered on read elsewhere. */
    public static final String EXPIRES_AT = "expiresAt";

    static final String HEAD_SK = "H";
    static final String VERSION_PREFIX = "V#";
    static final String CURSOR_KEY_PK = "SYS#cursor-key";
    static final String CURSOR_KEY_SK = "SYS";

    private TableLayout() {}

    static String documentPk(TenantId tenant, DocumentId id) {
        return "T#" + tenant.value() + "#D#" + id.value();
    }

    static final String IDEMPOTENCY_SK = "K";

    /** A document partition key taken apart: tenant and id. */
    record DocumentKey(TenantId tenant, DocumentId id) {}

    /** Parses a document partition key; empty for the other kinds of item. Ids contain no {@code #}. */
    static Optional<DocumentKey> parseDocumentPk(String pk) {
        int marker = pk.lastIndexOf("#D#");
        if (!pk.startsWith("T#") || marker < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DocumentKey(new TenantId(pk.substring(2, marker)),
                    new DocumentId(pk.substring(marker + 3))));
        } catch (RuntimeException notADocument) {
            return Optional.empty();
        }
    }

    static boolean isVersionSk(String sk) {
        return sk.startsWith(VERSION_PREFIX);
    }

    static long parseVersionSk(String sk) {
        return Long.parseLong(sk.substring(VERSION_PREFIX.length()));
    }

    static String idempotencyPk(TenantId tenant, String key) {
        return "T#" + tenant.value() + "#K#" + key;
    }

    /** Zero-padded to ten digits, so that the sort keys sort as the numbers do. */
    static String versionSk(long version) {
        if (version < 0 || version > 9_999_999_999L) {
            throw new IllegalArgumentException("version out of range");
        }
        // not String.format: a Formatter per write showed in the profiles
        String digits = Long.toString(version);
        return VERSION_PREFIX + "0".repeat(10 - digits.length()) + digits;
    }

    static String tenantIndexPk(TenantId tenant) {
        return "T#" + tenant.value();
    }

    static String tenantIndexSk(Optional<String> page, DocumentId id) {
        return page.map(p -> pagePrefix(p) + id.value()).orElse("N#" + id.value());
    }

    /** Every index sort key of documents on {@code page} starts with this, and no other key does. */
    static String pagePrefix(String page) {
        return "P#" + page.replace("%", "%25").replace("#", "%23") + "#";
    }
}
