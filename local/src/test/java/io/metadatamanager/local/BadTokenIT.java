package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynalite.RepositoryHome;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad tokens, end to end: the local server trusts an external issuer whose JWKS is served on 127.0.0.1 by
 * this test; every request below carries a token (or a credential in a place) that must not get in, and
 * gets a 401 problem with {@code WWW-Authenticate: Bearer}. Token headers that point elsewhere ({@code jku},
 * {@code x5u}) point at trap ports that count connections: none may arrive. Only the JWKS URL is fetched.
 */
class BadTokenIT {
    private static final String ISSUER = "https://issuer.test/pool-a";
    private static final String CLIENT = "app-client";
    private static final Duration TOLERANCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = JsonSupport.newMapper();
    /** Where cloud metadata lives; tokens may name it, nothing may ever contact it. */
    private static final String METADATA_SERVICE = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";

    @TempDir
    static Path dataDir;

    private static RSAKey ours;
    private static ECKey oursEc;
    private static RSAKey otherPool;
    private static RSAKey attacker;
    private static JwksServer jwks;
    private static TrapServer jkuTrap;
    private static TrapServer x5uTrap;
    private static LocalServer server;
    private static HttpClient http;

    private static final AtomicInteger attempts = new AtomicInteger();
    private static final Map<Integer, Integer> statuses = new TreeMap<>();

    /** One request that must be refused: what it is, and how it carries its credential. */
    record Attempt(String name, UnaryOperator<HttpRequest.Builder> credential, String pathAndQuery) {
        static Attempt bearer(String name, String token) {
            return header(name, "Bearer " + token);
        }

        static Attempt header(String name, String authorization) {
            return new Attempt(name, r -> r.header("Authorization", authorization), "/metadata");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        ours = new RSAKeyGenerator(2048).keyID("pool-a-2026-rsa").generate();
        oursEc = new ECKeyGenerator(Curve.P_256).keyID("pool-a-2026-ec").generate();
        otherPool = new RSAKeyGenerator(2048).keyID("pool-b-2026-rsa").generate();
        attacker = selfSignedAttackerKey();
        jwks = JwksServer.start(new JWKSet(List.of(ours, oursEc)));
        jkuTrap = TrapServer.start();
        x5uTrap = TrapServer.start();
        server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, dataDir, true, Optional.empty(),
                "metadata", RepositoryHome.find(), new LocalServer.Security(Optional.of(ISSUER),
                        Optional.of(jwks.uri()), Set.of(CLIENT), false, TOLERANCE, TokenVerifier.DEFAULT_CACHE_TTL,
                        Optional.empty(), Set.of(), 1_000, 1_000)));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        System.out.printf("BadTokenIT: %d bad-token requests, statuses %s, JWKS fetches %d, "
                        + "trap connections %d (jku) + %d (x5u)%n",
                attempts.get(), statuses, jwks.requests(), jkuTrap.connections(), x5uTrap.connections());
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.close();
            jkuTrap.close();
            x5uTrap.close();
        }
    }

    static Stream<Attempt> badTokens() throws Exception {
        Instant now = Instant.now();
        String valid = sign(rs256(ours.getKeyID()), claims().build(), ours);
        String[] parts = valid.split("\\.");
        List<Attempt> all = new ArrayList<>();

        // times
        all.add(Attempt.bearer("expired", sign(rs256(ours.getKeyID()),
                claims().expirationTime(Date.from(now.minus(Duration.ofMinutes(10)))).build(), ours)));
        all.add(Attempt.bearer("expired just beyond the clock tolerance", sign(rs256(ours.getKeyID()),
                claims().expirationTime(Date.from(now.minus(TOLERANCE).minusSeconds(5))).build(), ours)));
        all.add(Attempt.bearer("nbf in the future", sign(rs256(ours.getKeyID()),
                claims().notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10)))).build(), ours)));
        all.add(Attempt.bearer("iat in the future", sign(rs256(ours.getKeyID()),
                claims().issueTime(Date.from(now.plus(Duration.ofMinutes(10)))).build(), ours)));
        all.add(Attempt.bearer("exp missing", sign(rs256(ours.getKeyID()),
                claims().expirationTime(null).build(), ours)));
        all.add(Attempt.bearer("exp not a number", sign(rs256(ours.getKeyID()),
                claims().claim("exp", "never").build(), ours)));

        // issuer, audience, use
        all.add(Attempt.bearer("wrong issuer", sign(rs256(ours.getKeyID()),
                claims().issuer("https://issuer.test/pool-b").build(), ours)));
        all.add(Attempt.bearer("issuer with a trailing slash", sign(rs256(ours.getKeyID()),
                claims().issuer(ISSUER + "/").build(), ours)));
        all.add(Attempt.bearer("issuer missing", sign(rs256(ours.getKeyID()), claims().issuer(null).build(), ours)));
        all.add(Attempt.bearer("wrong client_id", sign(rs256(ours.getKeyID()),
                claims().claim("client_id", "someone-elses-client").build(), ours)));
        all.add(Attempt.bearer("client_id missing", sign(rs256(ours.getKeyID()),
                claims().claim("client_id", null).build(), ours)));
        all.add(Attempt.bearer("client_id as a list", sign(rs256(ours.getKeyID()),
                claims().claim("client_id", List.of(CLIENT)).build(), ours)));
        all.add(Attempt.bearer("ID token where an access token is required", sign(rs256(ours.getKeyID()),
                claims().claim("token_use", "id").claim("client_id", null).audience(CLIENT).build(), ours)));
        all.add(Attempt.bearer("token_use missing", sign(rs256(ours.getKeyID()),
                claims().claim("token_use", null).build(), ours)));
        all.add(Attempt.bearer("token_use refresh", sign(rs256(ours.getKeyID()),
                claims().claim("token_use", "refresh").build(), ours)));
        all.add(Attempt.bearer("token_use ACCESS in capitals", sign(rs256(ours.getKeyID()),
                claims().claim("token_use", "ACCESS").build(), ours)));
        all.add(Attempt.bearer("sub missing", sign(rs256(ours.getKeyID()), claims().subject(null).build(), ours)));
        all.add(Attempt.bearer("sub blank", sign(rs256(ours.getKeyID()), claims().subject("  ").build(), ours)));

        // algorithms
        for (String none : List.of("none", "None", "nOnE")) {
            all.add(Attempt.bearer("alg " + none + ", unsigned", compact(
                    "{\"alg\":\"" + none + "\",\"typ\":\"JWT\",\"kid\":\"" + ours.getKeyID() + "\"}",
                    claims().build().toString(), new byte[0])));
        }
        byte[] pem = pem(ours.toRSAPublicKey().getEncoded()).getBytes(StandardCharsets.US_ASCII);
        byte[] der = ours.toRSAPublicKey().getEncoded();
        all.add(Attempt.bearer("HS256 with the RSA public key (PEM) as HMAC secret",
                hmac("HS256", "HmacSHA256", pem)));
        all.add(Attempt.bearer("HS256 with the RSA public key (DER) as HMAC secret",
                hmac("HS256", "HmacSHA256", der)));
        all.add(Attempt.bearer("HS512 with the RSA public key (PEM) as HMAC secret",
                hmac("HS512", "HmacSHA512", pem)));
        all.add(Attempt.bearer("RS384, not on the allow-list", sign(new JWSHeader.Builder(JWSAlgorithm.RS384)
                .keyID(ours.getKeyID()).type(JOSEObjectType.JWT).build(), claims().build(), ours)));
        all.add(Attempt.bearer("PS256, not on the allow-list", sign(new JWSHeader.Builder(JWSAlgorithm.PS256)
                .keyID(ours.getKeyID()).type(JOSEObjectType.JWT).build(), claims().build(), ours)));
        all.add(Attempt.bearer("ES256 token with an RSA kid", sign(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(ours.getKeyID()).type(JOSEObjectType.JWT).build(), claims().build(), new ECDSASigner(oursEc))));
        all.add(Attempt.bearer("RS256 token with an EC kid", sign(rs256(oursEc.getKeyID()), claims().build(), ours)));
        all.add(Attempt.bearer("encrypted token (JWE)", String.join(".",
                Base64URL.encode("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"" + ours.getKeyID() + "\"}")
                        .toString(),
                Base64URL.encode(new byte[256]).toString(), Base64URL.encode(new byte[12]).toString(),
                Base64URL.encode("{\"sub\":\"alice\"}").toString(), Base64URL.encode(new byte[16]).toString())));

        // keys
        all.add(Attempt.bearer("another pool's key (kid unknown here)",
                sign(rs256(otherPool.getKeyID()), claims().build(), otherPool)));
        all.add(Attempt.bearer("another key reusing our kid", sign(rs256(ours.getKeyID()), claims().build(), otherPool)));
        all.add(Attempt.bearer("unknown kid", sign(rs256("no-such-key"), claims().build(), ours)));
        all.add(Attempt.bearer("kid with path tricks", sign(rs256("../../../../etc/passwd"), claims().build(), ours)));
        all.add(Attempt.bearer("kid with an encoded path", sign(rs256("..%2F..%2Fetc%2Fpasswd%00"), claims().build(),
                ours)));
        all.add(Attempt.bearer("kid with SQL", sign(rs256("' OR '1'='1' -- "), claims().build(), ours)));
        all.add(Attempt.bearer("kid with SQL after our kid", sign(rs256(ours.getKeyID() + "' UNION SELECT 'x"),
                claims().build(), ours)));
        all.add(Attempt.bearer("no kid", sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .build(), claims().build(), ours)));
        all.add(Attempt.bearer("empty kid", sign(rs256(""), claims().build(), ours)));
        all.add(Attempt.bearer("jku pointing at a trap", sign(new JWSHeader.Builder(rs256(attacker.getKeyID()))
                .jwkURL(jkuTrap.url("/jwks.json")).build(), claims().build(), attacker)));
        all.add(Attempt.bearer("jku pointing at a trap, with our kid", sign(new JWSHeader.Builder(
                rs256(ours.getKeyID())).jwkURL(jkuTrap.url("/jwks.json")).build(), claims().build(), attacker)));
        all.add(Attempt.bearer("jku pointing at the cloud metadata service", sign(new JWSHeader.Builder(
                rs256(attacker.getKeyID())).jwkURL(URI.create(METADATA_SERVICE)).build(), claims().build(),
                attacker)));
        all.add(Attempt.bearer("x5u pointing at a trap", sign(new JWSHeader.Builder(rs256(attacker.getKeyID()))
                .x509CertURL(x5uTrap.url("/cert.pem")).build(), claims().build(), attacker)));
        all.add(Attempt.bearer("x5u pointing at the cloud metadata service", sign(new JWSHeader.Builder(
                rs256(attacker.getKeyID())).x509CertURL(URI.create(METADATA_SERVICE)).build(), claims().build(),
                attacker)));
        all.add(Attempt.bearer("x5c with the attacker's certificate", sign(new JWSHeader.Builder(
                rs256(attacker.getKeyID())).x509CertChain(attacker.getX509CertChain()).build(), claims().build(),
                attacker)));
        all.add(Attempt.bearer("x5c with the attacker's certificate and no kid", sign(new JWSHeader.Builder(
                JWSAlgorithm.RS256).type(JOSEObjectType.JWT).x509CertChain(attacker.getX509CertChain()).build(),
                claims().build(), attacker)));
        all.add(Attempt.bearer("embedded jwk with the attacker's key", sign(new JWSHeader.Builder(
                rs256(attacker.getKeyID())).jwk(attacker.toPublicJWK()).build(), claims().build(), attacker)));
        all.add(Attempt.bearer("unknown critical header", sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(ours.getKeyID()).type(JOSEObjectType.JWT).criticalParams(Set.of("exp-checked-elsewhere")).customParam("exp-checked-elsewhere", true).build(),
                claims().build(), ours)));
        all.add(Attempt.bearer("typ that is not a JWT", sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(ours.getKeyID()).type(new JOSEObjectType("JWE")).build(), claims().build(), ours)));

        // structure
        all.add(Attempt.bearer("stripped signature", parts[0] + "." + parts[1] + "."));
        all.add(Attempt.bearer("tampered signature", parts[0] + "." + parts[1] + "." + flip(parts[2])));
        all.add(Attempt.bearer("tampered payload", parts[0] + "."
                + Base64URL.encode(claims().subject("bob").build().toString()) + "." + parts[2]));
        all.add(Attempt.bearer("signature of another token", parts[0] + "." + parts[1] + "."
                + sign(rs256(ours.getKeyID()), claims().subject("bob").build(), ours).split("\\.")[2]));
        all.add(Attempt.bearer("malformed base64", parts[0].substring(0, 10) + "*!$" + parts[0].substring(13) + "."
                + parts[1] + "." + parts[2]));
        all.add(Attempt.bearer("malformed JSON header", Base64URL.encode("{\"alg\":\"RS256\",\"kid\":").toString()
                + "." + parts[1] + "." + parts[2]));
        all.add(Attempt.bearer("malformed JSON payload, validly signed", signRaw(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + ours.getKeyID() + "\"}", "{\"sub\":\"alice\",")));
        all.add(Attempt.bearer("two-part token", parts[0] + "." + parts[1]));
        all.add(Attempt.bearer("four-part token", valid + "." + parts[2]));
        all.add(Attempt.bearer("not a JWT at all", "not-a-jwt"));

        // where the token is carried
        all.add(Attempt.header("empty bearer", "Bearer "));
        all.add(Attempt.header("bearer without a token", "Bearer"));
        all.add(Attempt.header("a valid token without a scheme", valid));
        all.add(Attempt.header("a valid token under the Basic scheme", "Basic " + valid));
        all.add(Attempt.header("a valid token under another scheme", "Token " + valid));
        all.add(new Attempt("a valid token only in the query string (access_token)", r -> r, "/metadata?access_token="
                + valid));
        all.add(new Attempt("a valid token only in the query string (id_token)", r -> r, "/metadata?id_token="
                + valid));
        all.add(new Attempt("a valid token only in a cookie", r -> r.header("Cookie", "access_token=" + valid),
                "/metadata"));
        all.add(new Attempt("a valid token only in X-Amz-Security-Token",
                r -> r.header("X-Amz-Security-Token", valid), "/metadata"));
        String validForBob = sign(rs256(ours.getKeyID()), claims().subject("bob").build(), ours);
        all.add(new Attempt("two Authorization headers, both valid", r -> r
                .header("Authorization", "Bearer " + valid).header("Authorization", "Bearer " + validForBob),
                "/metadata"));
        all.add(new Attempt("two Authorization headers, one valid", r -> r
                .header("Authorization", "Bearer not-a-jwt").header("Authorization", "Bearer " + valid),
                "/metadata"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadToken_is401ProblemJson_andNothingElseIsContacted(Attempt attempt) throws Exception {
        HttpResponse<String> response = send(attempt.credential().apply(request(attempt.pathAndQuery())));
        count(response.statusCode());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("type").asText()).isEqualTo("urn:metadata-manager:problem:unauthorized");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        // nothing but the issuer's JWKS URL was fetched
        assertThat(jkuTrap.connections()).as("connections to the jku trap").isZero();
        assertThat(x5uTrap.connections()).as("connections to the x5u trap").isZero();
    }

    @Test
    void validTokens_get200_soTheBadOnesFailForTheirFlawAlone() throws Exception {
        String rsa = sign(rs256(ours.getKeyID()), claims().build(), ours);
        String ec = sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(oursEc.getKeyID()).type(JOSEObjectType.JWT)
                .build(), claims().build(), new ECDSASigner(oursEc));
        String withinTolerance = sign(rs256(ours.getKeyID()), claims()
                .issueTime(Date.from(Instant.now().plusSeconds(10)))
                .expirationTime(Date.from(Instant.now().minusSeconds(10))).build(), ours);

        for (String token : List.of(rsa, ec, withinTolerance)) {
            HttpResponse<String> response = send(request("/metadata").header("Authorization", "Bearer " + token));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(send(request("/metadata").header("Authorization", "bearer " + rsa)).statusCode())
                .as("the scheme is case-insensitive").isEqualTo(200);
        assertThat(jwks.requests()).isPositive();
    }

    @Test
    void theTrapsWork_aDirectConnectionIsCounted() throws Exception {
        try (TrapServer trap = TrapServer.start()) {
            try {
                http.send(HttpRequest.newBuilder(trap.url("/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException closedWithoutAnAnswer) {
                // expected: the trap hangs up
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (trap.connections() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(trap.connections()).isPositive(); // the client may try twice when hung up on
        }
    }

    private static synchronized void count(int status) {
        attempts.incrementAndGet();
        statuses.merge(status, 1, Integer::sum);
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).GET();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Valid claims, for a test to spoil one of them. */
    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("alice")
                .claim("token_use", "access")
                .claim("client_id", CLIENT)
                .claim("scope", "metadata/read metadata/write")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    private static JWSHeader rs256(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build();
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, RSAKey key) throws JOSEException {
        return sign(header, claims, new RSASSASigner(key));
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** RS256 over a header and payload given as text, which need not be valid JSON. */
    private static String signRaw(String header, String payload) throws Exception {
        String input = Base64URL.encode(header) + "." + Base64URL.encode(payload);
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initSign(ours.toPrivateKey());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64URL.encode(rsa.sign());
    }

    /** The key-confusion attack: HMAC with the issuer's public key, which anyone can download. */
    private static String hmac(String alg, String javaAlgorithm, byte[] secret) throws Exception {
        String input = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + ours.getKeyID() + "\"}")
                + "." + Base64URL.encode(claims().build().toString());
        Mac mac = Mac.getInstance(javaAlgorithm);
        mac.init(new SecretKeySpec(secret, javaAlgorithm));
        return input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String compact(String header, String payload, byte[] signature) {
        return Base64URL.encode(header) + "." + Base64URL.encode(payload) + "." + Base64URL.encode(signature);
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    /** Changes one character of a base64url string, keeping it valid base64url. */
    private static String flip(String base64url) {
        int i = base64url.length() / 2;
        char replacement = base64url.charAt(i) == 'A' ? 'B' : 'A';
        return base64url.substring(0, i) + replacement + base64url.substring(i + 1);
    }

    /** An RSA key with a self-signed certificate, made by the JDK's keytool. */
    private static RSAKey selfSignedAttackerKey() throws Exception {
        Path store = dataDir.resolve("attacker.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "attacker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=attacker.test", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate("attacker");
        return new RSAKey.Builder((RSAPublicKey) certificate.getPublicKey())
                .privateKey((PrivateKey) keys.getKey("attacker", "changeit".toCharArray()))
                .keyID("attacker-key")
                .x509CertChain(List.of(Base64.encode(certificate.getEncoded())))
                .build();
    }
}
