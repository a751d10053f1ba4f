package io.metadatamanager.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies bearer tokens as strictly as AWS's own verifier (aws-jwt-verify) and RFC 8725: asymmetric
 * algorithms from an allow-list (RS256, ES256), so {@code none} and HS* never pass and a key must fit its
 * algorithm; the {@code kid} must name a key of the issuer's JWKS; the issuer must match; access tokens only
 * ({@code token_use=access}, {@code client_id} allowed), or ID tokens when configured (then {@code aud}
 * allowed); {@code exp} required, {@code nbf} and {@code iat} honoured with a configurable clock tolerance.
 * Valid results are cached by token for a while, as API Gateway's authorizer does (see {@link TokenCache}).
 */
public final class TokenVerifier {
    /** Algorithms a token may be signed with. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** API Gateway's default authorizer result TTL ({@code resultsCacheTtl}, 300 s). */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

    /**
     * Whom to trust.
     *
     * @param issuer the exact {@code iss}
     * @param clientIds allowed app clients ({@code client_id} of access tokens, {@code aud} of ID tokens)
     * @param acceptIdTokens whether ID tokens are accepted besides access tokens
     * @param clockTolerance allowed clock difference for {@code exp}, {@code nbf}, {@code iat}
     */
    public record Trust(String issuer, Set<String> clientIds, boolean acceptIdTokens, Duration clockTolerance) {
        public Trust {
            Objects.requireNonNull(issuer, "issuer");
            clientIds = Set.copyOf(clientIds);
            Objects.requireNonNull(clockTolerance, "clockTolerance");
            if (clientIds.isEmpty()) {
                throw new IllegalArgumentException("at least one client id must be allowed");
            }
        }
    }

    /** What verification found. */
    public sealed interface Result {
        /** A valid token, with its claims as API Gateway hands them to the function (strings). */
        record Valid(Map<String, String> claims) implements Result {
            public Valid {
                claims = Map.copyOf(claims); // a cached result is shared by the requests that carry its token
            }
        }

        /** Not a valid token. */
        record Invalid() implements Result {}

        /** The issuer's keys cannot be had right now: fail closed. */
        record KeysUnavailable() implements Result {}
    }

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Trust trust;
    private final Clock clock;
    private final Duration expiryTolerance;
    private final TokenCache cache;

    /**
     * @param cacheTtl how long a valid result is reused for the same token (never beyond its expiry); zero: every
     *     token is verified on every call
     */
    public TokenVerifier(JWKSource<SecurityContext> keys, Trust trust, Clock clock, Duration cacheTtl) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = new TokenCache(cacheTtl, TokenCache.MAX_ENTRIES, clock);
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys) {
            @Override
            public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
                // a token must say which key signed it; no trying every key
                return header.getKeyID() == null || header.getKeyID().isEmpty()
                        ? List.of()
                        : super.selectJWSKeys(header, context);
            }
        });
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(trust.issuer()).build(),
                Set.of("sub", "exp", "token_use")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) trust.clockTolerance().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        // whole seconds, as the claims verifier applies it to exp: a cached token must expire when it would
        expiryTolerance = Duration.ofSeconds(claims.getMaxClockSkew());
    }

    public Result verify(String token) {
        Optional<Result.Valid> cached = cache.get(token);
        if (cached.isPresent()) {
            return cached.get();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (KeySourceException e) {
            return new Result.KeysUnavailable();
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return new Result.Invalid();
        }
        if (!acceptable(claims)) {
            return new Result.Invalid();
        }
        Map<String, String> out = new HashMap<>();
        claims.getClaims().forEach((name, value) -> out.put(name, stringOf(value)));
        Result.Valid valid = new Result.Valid(out);
        // exp is required, so a valid token has one
        cache.put(token, valid, claims.getExpirationTime().toInstant().plus(expiryTolerance));
        return valid;
    }

    private boolean acceptable(JWTClaimsSet claims) {
        Object use = claims.getClaim("token_use");
        boolean allowedClient;
        if ("access".equals(use)) {
            allowedClient = claims.getClaim("client_id") instanceof String id && trust.clientIds().contains(id);
        } else if ("id".equals(use) && trust.acceptIdTokens()) {
            List<String> audience = claims.getAudience();
            allowedClient = audience != null && audience.stream().anyMatch(trust.clientIds()::contains);
        } else {
            allowedClient = false;
        }
        return allowedClient && issuedInThePast(claims);
    }

    private boolean issuedInThePast(JWTClaimsSet claims) {
        Date issued = claims.getIssueTime();
        Instant latest = clock.instant().plus(trust.clockTolerance());
        return issued == null || !issued.toInstant().isAfter(latest);
    }

    private static String stringOf(Object value) {
        if (value instanceof Date date) {
            return Long.toString(date.toInstant().getEpochSecond());
        }
        if (value instanceof List<?> list) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
