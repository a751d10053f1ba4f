package io.metadatamanager.core;

import io.metadatamanager.core.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a repository's position into an opaque, tamper-evident list cursor bound to the tenant and the query
 * it was issued for (HMAC-SHA256), and back. A forged, altered or foreign cursor is a 400.
 */
public final class CursorCodec {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Supplier<byte[]> keySource;
    private volatile SecretKeySpec spec;

    /** @param key the signing key, at least 32 bytes; asked for once, on first use */
    public CursorCodec(Supplier<byte[]> key) {
        this.keySource = Objects.requireNonNull(key, "key");
    }

    /** Seals {@code position} for this tenant and query. */
    public String seal(String position, TenantId tenant, String query) {
        String payload = ENCODER.encodeToString(position.getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(tenant, query, payload));
    }

    /**
     * Opens a cursor sealed by {@link #seal} for the same tenant and query.
     *
     * @throws InvalidRequestException when the cursor is malformed, altered or was issued elsewhere
     */
    public String open(String cursor, TenantId tenant, String query) {
        int dot = cursor.indexOf('.');
        if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
            throw invalid();
        }
        String payload = cursor.substring(0, dot);
        byte[] given;
        byte[] position;
        try {
            given = DECODER.decode(cursor.substring(dot + 1));
            position = DECODER.decode(payload);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(given, mac(tenant, query, payload))) {
            throw invalid();
        }
        return new String(position, StandardCharsets.UTF_8);
    }

    private byte[] mac(TenantId tenant, String query, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec());
            mac.update(tenant.value().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(query.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private SecretKeySpec spec() {
        SecretKeySpec s = spec;
        if (s == null) {
            byte[] bytes = keySource.get();
            if (bytes.length < 32) {
                throw new IllegalStateException("the cursor key must have at least 32 bytes");
            }
            s = new SecretKeySpec(bytes, ALGORITHM);
            spec = s;
        }
        return s;
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException("cursor is not valid for this query");
    }
}
