package io.metadatamanager.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The local identity provider: an RSA signing key kept in the data dir, Cognito-shaped access tokens, and
 * the public JWKS the gateway verifies them with.
 */
public final class LocalIdentity {
    /** The issuer of local tokens. */
    public static final String ISSUER = "urn:metadata-manager:local-identity";
    /** The app client of local tokens. */
    public static final String CLIENT_ID = "local-client";

    private static final String KEY_FILE = "identity/signing-key.jwk.json";

    private final RSAKey key;

    private LocalIdentity(RSAKey key) {
        this.key = key;
    }

    /** Loads the key from {@code dataDir}, creating it on first use. */
    public static LocalIdentity loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.isRegularFile(file)) {
                return new LocalIdentity(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "key", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on other file systems
            }
            Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Files.deleteIfExists(temp);
            }
            return new LocalIdentity(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing key in " + dataDir, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the signing key in " + file + " is not usable", e);
        }
    }

    /** An access token for {@code sub}, shaped like Cognito's. */
    public String token(String sub, String clientId, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(sub)
                .claim("token_use", "access")
                .claim("client_id", clientId)
                .claim("scope", "metadata/read metadata/write")
                .claim("username", sub)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** The public keys, as served at {@code /.well-known/jwks.json}. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }
}
