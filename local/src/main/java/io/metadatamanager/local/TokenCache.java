package io.metadatamanager.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Valid verification results by token string, the way API Gateway's Cognito authorizer caches its results
 * ({@code resultsCacheTtl}, keyed by the identity source, the token; never by its claims, which a forged token
 * can copy): a result is used while it is younger than the TTL and its token has not expired, both on the
 * verifier's clock, so a cached token is refused at the same moment an uncached one would be. Only valid results
 * are put here: a bad token is checked every time and an unreachable issuer is asked again.
 *
 * <p>Lookups take no lock; insertions, which follow a signature check anyway, take one, so the bound holds.
 */
final class TokenCache {
    /** Bounds the memory: tokens are about a kilobyte each. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(TokenVerifier.Result.Valid result, Instant until) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    /**
     * @param ttl how long a result is used at most; zero turns caching off
     * @param maxEntries how many tokens are held at most
     * @param clock the verifier's clock
     */
    TokenCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the token cache TTL must not be negative");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the token cache must hold at least one entry");
        }
        this.maxEntries = maxEntries;
    }

    /** The cached result for this exact token, if it may still be used. */
    Optional<TokenVerifier.Result.Valid> get(String token) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.until().isAfter(clock.instant())) {
            entries.remove(token, entry); // only this entry: a fresh one may have replaced it meanwhile
            return Optional.empty();
        }
        return Optional.of(entry.result());
    }

    /**
     * Holds a valid result.
     *
     * @param expiry the moment the verifier starts refusing the token ({@code exp} plus its clock tolerance)
     */
    synchronized void put(String token, TokenVerifier.Result.Valid result, Instant expiry) {
        Instant now = clock.instant();
        Instant until = now.plus(ttl);
        if (expiry.isBefore(until)) {
            until = expiry;
        }
        if (!until.isAfter(now)) {
            return; // TTL 0, or a token that expires this instant
        }
        if (entries.size() >= maxEntries && !entries.containsKey(token)) {
            entries.values().removeIf(entry -> !entry.until().isAfter(now));
            if (entries.size() > maxEntries * 3 / 4) {
                // mostly live tokens: start over rather than sweep the whole map again at the next insertion
                entries.clear();
            }
        }
        entries.put(token, new Entry(result, until));
    }

    /** How many tokens are held, usable or not. */
    int size() {
        return entries.size();
    }
}
