package io.metadatamanager.lambda;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per tenant, per function instance. API Gateway's usage plans cannot limit per Cognito
 * user, so this one is ours. Each instance limits on its own: with N warm instances a tenant gets up to N
 * times the rate, which bounds one tenant's share of an instance at no cost per request (no storage call).
 * Buckets of idle tenants are dropped when the map grows.
 */
public final class TenantRateLimiter {
    private static final int MAX_TRACKED = 10_000;

    private final double rate;
    private final int burst;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public TenantRateLimiter(double rate, int burst) {
        this.rate = rate;
        this.burst = burst;
    }

    /** @return 0 when the tenant may go on, otherwise seconds until it may (Retry-After) */
    public long tryAcquire(String tenant) {
        long now = System.nanoTime();
        if (buckets.size() > MAX_TRACKED) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(tenant, t -> new TokenBucket(rate, burst, now)).tryAcquire(now);
    }
}
