package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verifier's result cache, on a clock the test moves and an issuer's key set in memory that counts how often
 * it is asked for a key, which a full verification does once and a cached one not at all: a valid token is
 * verified once per TTL, and never accepted after it expires, or in another token's name; invalid tokens and a
 * key outage are never remembered.
 */
class TokenVerifierTest {
    private static final String ISSUER = "https://issuer.test/pool-cache";
    private static final String CLIENT = "cache-client";
    private static final Duration TTL = Duration.ofMinutes(5);

    private static RSAKey ours;
    private static RSAKey stranger;

    private MutableClock clock;
    private Keys keys;

    /** The issuer's keys as the verifier sees them: replaceable, able to fail, counting lookups. */
    private static final class Keys implements JWKSource<SecurityContext> {
        private final AtomicInteger lookups = new AtomicInteger();
        private volatile JWKSet set;
        private volatile boolean outage;

        Keys(JWKSet set) {
            this.set = set.toPublicJWKSet();
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            lookups.incrementAndGet();
            if (outage) {
                throw new KeySourceException("the issuer is down");
            }
            return selector.select(set);
        }
    }

    @BeforeAll
    static void generateKeys() throws JOSEException {
        ours = new RSAKeyGenerator(2048).keyID("cache-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("cache-1").generate(); // same kid, another key
    }

    @BeforeEach
    void startClock() {
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        keys = new Keys(new JWKSet(ours));
    }

    @Test
    void aValidToken_verifiedAgainWithinTheTtl_isCheckedOnce() {
        TokenVerifier verifier = verifier(TTL, Duration.ZERO);
        String token = token(ours, "alice", Duration.ofHours(1));

        TokenVerifier.Result first = verifier.verify(token);
        clock.advance(Duration.ofMinutes(4));
        TokenVerifier.Result second = verifier.verify(token);

        assertThat(first).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(second).isEqualTo(first);
        assertThat(((TokenVerifier.Result.Valid) second).claims()).containsEntry("sub", "alice");
        assertThat(keys.lookups.get()).isEqualTo(1);
    }

    @ParameterizedTest(name = "clock tolerance {0}")
    @ValueSource(strings = {"PT0S", "PT30S", "PT30.5S"})
    void aCachedToken_isRefusedAtTheMomentAnUncachedOneIs(String tolerance) {
        // GIVEN a token that expires within the TTL, verified once by a caching verifier
        Duration clockTolerance = Duration.parse(tolerance);
        TokenVerifier caching = verifier(TTL, clockTolerance);
        TokenVerifier uncached = verifier(Duration.ZERO, clockTolerance);
        String token = token(ours, "alice", Duration.ofMinutes(1));
        assertThat(caching.verify(token)).isInstanceOf(TokenVerifier.Result.Valid.class);
        // the claims verifier counts the tolerance in whole seconds
        Instant refused = clock.instant().plus(Duration.ofMinutes(1)).plusSeconds(clockTolerance.toSeconds());

        // WHEN the clock reaches its last moment, and then the moment it is refused
        clock.advance(Duration.between(clock.instant(), refused).minusMillis(1));
        TokenVerifier.Result lastMoment = caching.verify(token);
        TokenVerifier.Result lastMomentUncached = uncached.verify(token);
        clock.advance(Duration.ofMillis(1));
        TokenVerifier.Result expired = caching.verify(token);
        TokenVerifier.Result expiredUncached = uncached.verify(token);

        // THEN both verifiers agree at both moments
        assertThat(lastMomentUncached).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(lastMoment).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(expiredUncached).isInstanceOf(TokenVerifier.Result.Invalid.class);
        assertThat(expired).isInstanceOf(TokenVerifier.Result.Invalid.class);
    }

    @Test
    void aCachedResultOlderThanTheTtl_isVerifiedAgain() {
        TokenVerifier verifier = verifier(TTL, Duration.ZERO);
        String token = token(ours, "alice", Duration.ofHours(1));
        assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.Valid.class);

        // GIVEN the issuer withdraws the key that signed the token
        keys.set = new JWKSet(List.of());

        // THEN the token passes from the cache until the TTL is over, and is checked again, and refused, then
        clock.advance(TTL.minusMillis(1));
        assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(keys.lookups.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.Invalid.class);
        assertThat(keys.lookups.get()).isEqualTo(2);
    }

    @Test
    void aTokenWithABadSignature_isCheckedAndRefusedEveryTime_evenWithItsClaimsCachedUnderTheValidToken() {
        TokenVerifier verifier = verifier(TTL, Duration.ZERO);
        String valid = token(ours, "alice", Duration.ofHours(1));
        // the same header and claims, signed by another key under our kid
        String forged = token(stranger, "alice", Duration.ofHours(1));
        assertThat(forged).isNotEqualTo(valid).startsWith(valid.substring(0, valid.lastIndexOf('.')));

        assertThat(verifier.verify(forged)).isInstanceOf(TokenVerifier.Result.Invalid.class);
        assertThat(verifier.verify(valid)).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(verifier.verify(forged)).isInstanceOf(TokenVerifier.Result.Invalid.class);
        assertThat(verifier.verify(forged)).isInstanceOf(TokenVerifier.Result.Invalid.class);

        assertThat(keys.lookups.get()).as("each forged attempt was checked").isEqualTo(4);
    }

    @Test
    void anInvalidResult_isNotRemembered_soATokenIsAcceptedOnceItsKeyIsPublished() {
        TokenVerifier verifier = verifier(TTL, Duration.ZERO);
        keys.set = new JWKSet(List.of());
        String token = token(ours, "alice", Duration.ofHours(1));
        assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.Invalid.class);

        keys.set = new JWKSet(ours).toPublicJWKSet();

        assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.Valid.class);
    }

    @Test
    void aKeyOutage_isNotRemembered_soTheNextCallAsksAgain() {
        TokenVerifier verifier = verifier(TTL, Duration.ZERO);
        String token = token(ours, "alice", Duration.ofHours(1));
        keys.outage = true;
        assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.KeysUnavailable.class);
        assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.KeysUnavailable.class);

        keys.outage = false;

        assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(keys.lookups.get()).isEqualTo(3);
    }

    @Test
    void aTtlOfZero_verifiesEveryCall() {
        TokenVerifier verifier = verifier(Duration.ZERO, Duration.ZERO);
        String token = token(ours, "alice", Duration.ofHours(1));

        for (int i = 0; i < 3; i++) {
            assertThat(verifier.verify(token)).isInstanceOf(TokenVerifier.Result.Valid.class);
        }

        assertThat(keys.lookups.get()).isEqualTo(3);
    }

    @Test
    void eachTokenIsCachedUnderItsOwnString() {
        TokenVerifier verifier = verifier(TTL, Duration.ZERO);
        String alice = token(ours, "alice", Duration.ofHours(1));
        String bob = token(ours, "bob", Duration.ofHours(1));

        verifier.verify(alice);
        TokenVerifier.Result forBob = verifier.verify(bob);
        TokenVerifier.Result forAliceAgain = verifier.verify(alice);

        assertThat(((TokenVerifier.Result.Valid) forBob).claims()).containsEntry("sub", "bob");
        assertThat(((TokenVerifier.Result.Valid) forAliceAgain).claims()).containsEntry("sub", "alice");
        assertThat(keys.lookups.get()).isEqualTo(2);
    }

    private TokenVerifier verifier(Duration cacheTtl, Duration clockTolerance) {
        return new TokenVerifier(keys, new TokenVerifier.Trust(ISSUER, Set.of(CLIENT), false, clockTolerance), clock,
                cacheTtl);
    }

    /** An access token issued now on the test's clock. */
    private String token(RSAKey key, String sub, Duration lifetime) {
        return TestTokens.access(key, ISSUER, CLIENT, sub, clock.instant(), lifetime);
    }
}
