package io.metadatamanager.local;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JWKS fetched from the issuer, the way AWS's own verifier treats it: cached; fetched again at most once
 * per {@link #MIN_REFETCH_INTERVAL} when a token names a key the cache lacks (key rotation), or when the
 * cache is older than {@link #MAX_AGE}; a fetch that is slower than {@link #TIMEOUT}, larger than
 * {@link #MAX_BYTES}, or not a JWKS fails closed. Only this URL is ever fetched; {@code jku}, {@code x5u}
 * and {@code x5c} in token headers are never looked at.
 */
public final class RemoteJwks implements JWKSource<SecurityContext> {
    public static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MAX_AGE = Duration.ofMinutes(15);
    public static final Duration TIMEOUT = Duration.ofMillis(1500);
    public static final int MAX_BYTES = 150 * 1024;

    private final URI url;
    private final HttpClient http;
    private final Clock clock;
    private final AtomicLong fetches = new AtomicLong();
    private JWKSet cached;
    private Instant cachedAt = Instant.MIN;
    private Instant lastAttempt = Instant.MIN;

    public RemoteJwks(URI url, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** How many times the JWKS was fetched (for tests and metrics). */
    public long fetches() {
        return fetches.get();
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Instant now = clock.instant();
        boolean stale = cached == null || cachedAt.plus(MAX_AGE).isBefore(now);
        if (!stale) {
            List<JWK> found = selector.select(cached);
            if (!found.isEmpty()) {
                return found;
            }
        }
        if (lastAttempt.plus(MIN_REFETCH_INTERVAL).isAfter(now)) {
            if (cached == null) {
                throw new KeySourceException("the issuer's JWKS is not available");
            }
            return selector.select(cached); // unknown key, and we asked the issuer only a moment ago
        }
        lastAttempt = now;
        try {
            cached = fetch();
            cachedAt = now;
        } catch (KeySourceException e) {
            if (cached == null || stale) {
                throw e;
            }
        }
        return selector.select(cached);
    }

    private JWKSet fetch() throws KeySourceException {
        fetches.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json").GET()
                .build();
        CompletableFuture<String> body = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(RemoteJwks::readLimited);
        String text;
        try {
            text = body.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            body.cancel(true);
            throw new KeySourceException("the issuer's JWKS took longer than " + TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new KeySourceException("the issuer's JWKS cannot be fetched: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted while fetching the issuer's JWKS");
        }
        try {
            JWKSet set = JWKSet.parse(text).toPublicJWKSet();
            if (set.isEmpty()) {
                throw new KeySourceException("the issuer's JWKS has no keys");
            }
            return set;
        } catch (ParseException e) {
            throw new KeySourceException("the issuer's JWKS is not a JWK set");
        }
    }

    private static String readLimited(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode());
            }
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IllegalStateException("larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
