package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.metadatamanager.core.JsonSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Key rotation and a misbehaving issuer, with {@link RemoteJwks} and {@link TokenVerifier} on a clock the test
 * moves, against a JWKS served on 127.0.0.1: a new key is picked up with one fetch; unknown kids cannot make
 * the verifier hammer the issuer; a slow, oversized or broken JWKS fails closed (503 at the gateway), and
 * verification recovers when the JWKS does.
 */
class KeyRotationIT {
    private static final String ISSUER = "https://issuer.test/pool-rotation";
    private static final String CLIENT = "rotation-client";
    private static final ObjectMapper JSON = JsonSupport.newMapper();
    /** What the function behind the gateway answers when a request gets through. */
    private static final RequestStreamHandler OK = (in, out, context) -> out.write(
            "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{}\"}"
                    .getBytes(StandardCharsets.UTF_8));

    private static RSAKey first;
    private static RSAKey second;
    private static RSAKey stranger;
    private static HttpClient http;

    private MutableClock clock;
    private JwksServer issuer;
    private RemoteJwks jwks;
    private TokenVerifier verifier;

    @BeforeAll
    static void keys() throws JOSEException {
        first = rsa("rotation-1");
        second = rsa("rotation-2");
        stranger = rsa("stranger");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    @BeforeEach
    void startIssuer() {
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        issuer = JwksServer.start(new JWKSet(first));
        jwks = new RemoteJwks(issuer.uri(), clock);
        verifier = verifierOn(jwks, clock);
    }

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    @Test
    void aTokenSignedWithANewKey_isAcceptedAfterExactlyOneRefetch() {
        assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(jwks.fetches()).isEqualTo(1);
        assertThat(issuer.requests()).isEqualTo(1);

        // GIVEN the issuer rotates: the new key appears in its JWKS after the cache was filled
        clock.advance(Duration.ofSeconds(11));
        issuer.serve(new JWKSet(List.of(second, first)));

        // WHEN the first token signed with the new key arrives
        TokenVerifier.Result result = verifier.verify(token(second));

        // THEN it is accepted, after one more fetch
        assertThat(result).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(jwks.fetches()).isEqualTo(2);
        assertThat(issuer.requests()).isEqualTo(2);
        // and tokens of both keys pass from the cache
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(verifier.verify(token(i % 2 == 0 ? first : second)))
                    .isInstanceOf(TokenVerifier.Result.Valid.class);
        }
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void aNewKeyWithinTenSecondsOfTheLastFetch_waitsForTheNextAllowedFetch() {
        assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.Valid.class);
        issuer.serve(new JWKSet(List.of(second, first)));

        clock.advance(Duration.ofSeconds(9));
        assertThat(verifier.verify(token(second))).isInstanceOf(TokenVerifier.Result.Invalid.class);
        assertThat(jwks.fetches()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.verify(token(second))).isInstanceOf(TokenVerifier.Result.Valid.class);
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void aThousandTokensWithRandomUnknownKids_inTenSeconds_causeAtMostOneRefetch() throws JOSEException {
        assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.Valid.class);
        long before = jwks.fetches();
        clock.advance(Duration.ofSeconds(30));

        int invalid = 0;
        for (int i = 0; i < 1_000; i++) {
            RSAKey unknown = new RSAKey.Builder(stranger).keyID(UUID.randomUUID().toString()).build();
            if (verifier.verify(token(unknown)) instanceof TokenVerifier.Result.Invalid) {
                invalid++;
            }
            clock.advance(Duration.ofMillis(10)); // 1,000 tokens over 9.99 s
        }

        assertThat(invalid).isEqualTo(1_000);
        long refetches = jwks.fetches() - before;
        System.out.printf("KeyRotationIT: 1000 tokens with unknown kids over 10 s -> %d refetch(es)%n", refetches);
        assertThat(refetches).isLessThanOrEqualTo(1);
        assertThat(issuer.requests()).isEqualTo((int) jwks.fetches());
        // the real key still works from the cache
        assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.Valid.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JwksServer.Behaviour.class, names = "HEALTHY", mode = EnumSource.Mode.EXCLUDE)
    void anUnusableJwks_failsClosed_with503AtTheGateway_andVerificationRecovers(JwksServer.Behaviour behaviour)
            throws Exception {
        issuer.behave(behaviour);
        try (LocalGateway gateway = gatewayFor(verifier)) {
            // WHEN the issuer's JWKS cannot be used
            long start = System.nanoTime();
            TokenVerifier.Result direct = verifier.verify(token(first));
            long millis = (System.nanoTime() - start) / 1_000_000;

            // THEN no token passes: the verifier says the keys are unavailable, and the gateway answers 503
            assertThat(direct).isInstanceOf(TokenVerifier.Result.KeysUnavailable.class);
            assertThat(millis).as("gave up after the 1.5 s timeout, not after the issuer's %d ms",
                    JwksServer.SLOW_MILLIS).isLessThan(JwksServer.SLOW_MILLIS - 200);
            HttpResponse<String> refused = get(gateway, token(first));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(JSON.readTree(refused.body()).get("status").asInt()).isEqualTo(503);
            assertThat(refused.body()).doesNotContain("Exception").doesNotContain("\tat ");

            // and within ten seconds the issuer is not asked again
            assertThat(jwks.fetches()).isEqualTo(1);

            // WHEN the JWKS is healthy again and the next fetch is allowed
            issuer.behave(JwksServer.Behaviour.HEALTHY);
            clock.advance(RemoteJwks.MIN_REFETCH_INTERVAL);

            // THEN tokens pass again
            assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.Valid.class);
            assertThat(jwks.fetches()).isEqualTo(2);
            assertThat(get(gateway, token(first)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aCacheOlderThanItsMaximumAge_isNotTrustedWhenTheIssuerFails() throws Exception {
        assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.Valid.class);
        issuer.behave(JwksServer.Behaviour.SERVER_ERROR);

        // a fresh cache survives a failed refetch for a kid it lacks
        clock.advance(Duration.ofSeconds(11));
        assertThat(verifier.verify(token(second))).isInstanceOf(TokenVerifier.Result.Invalid.class);
        assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.Valid.class);

        // a stale one does not
        clock.advance(RemoteJwks.MAX_AGE);
        assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.KeysUnavailable.class);
    }

    @Test
    void anIssuerThatNeverAnswered_keepsFailingClosedUntilItDoes() {
        issuer.behave(JwksServer.Behaviour.MALFORMED);

        for (int i = 0; i < 100; i++) {
            assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.KeysUnavailable.class);
            clock.advance(Duration.ofMillis(50));
        }
        assertThat(jwks.fetches()).isEqualTo(1);

        issuer.behave(JwksServer.Behaviour.HEALTHY);
        clock.advance(RemoteJwks.MIN_REFETCH_INTERVAL);
        assertThat(verifier.verify(token(first))).isInstanceOf(TokenVerifier.Result.Valid.class);
    }

    private String token(RSAKey key) {
        return TestTokens.access(key, ISSUER, CLIENT, "rotation-user", clock.instant(), Duration.ofHours(1));
    }

    /** Without the token cache: every call below is to reach the JWKS, as an uncached token's would. */
    private static TokenVerifier verifierOn(RemoteJwks keys, Clock clock) {
        return new TokenVerifier(keys, new TokenVerifier.Trust(ISSUER, Set.of(CLIENT), false, Duration.ZERO),
                clock, Duration.ZERO);
    }

    private static LocalGateway gatewayFor(TokenVerifier verifier) throws IOException {
        return LocalGateway.start("127.0.0.1", 0, OK, verifier, GatewayThrottling.defaults(), Set.of(),
                "{\"keys\":[]}", new io.metadatamanager.core.Json());
    }

    private static HttpResponse<String> get(LocalGateway gateway, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metadata"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RSAKey rsa(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }
}
