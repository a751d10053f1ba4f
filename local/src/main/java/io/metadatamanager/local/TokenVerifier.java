package io.metadatamanager.local;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies bearer tokens the way API Gateway's Cognito authorizer does: RS256 signature by a key of the
 * JWKS, the issuer, {@code token_use=access}, an allowed {@code client_id}, and the validity period.
 */
public final class TokenVerifier {
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Set<String> clientIds;

    public TokenVerifier(JWKSet keys, String issuer, Set<String> clientIds) {
        this.clientIds = Set.copyOf(clientIds);
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).claim("token_use", "access").build(),
                Set.of("sub", "exp", "iat", "client_id"));
        claims.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The token's claims as API Gateway hands them to the function (strings), if the token is valid. */
    public Optional<Map<String, String>> verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (java.text.ParseException | BadJOSEException | com.nimbusds.jose.JOSEException | RuntimeException e) {
            return Optional.empty();
        }
        Object clientId = claims.getClaim("client_id");
        if (!(clientId instanceof String id) || !clientIds.contains(id)) {
            return Optional.empty();
        }
        Map<String, String> out = new HashMap<>();
        claims.getClaims().forEach((name, value) -> out.put(name, stringOf(value)));
        return Optional.of(out);
    }

    private static String stringOf(Object value) {
        if (value instanceof java.util.Date date) {
            return Long.toString(date.toInstant().getEpochSecond());
        }
        if (value instanceof List<?> list) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

}
