package io.metadatamanager.lambda;

/**
 * A token bucket as API Gateway throttles with it: {@code rate} tokens a second refill a bucket of
 * {@code burst}; a request takes one token or is refused with the time until the next one.
 */
public final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private long last;

    /**
     * @param rate steady-state requests per second (&gt; 0)
     * @param burst the bucket size (&ge; 1)
     * @param now the current time in nanoseconds ({@link System#nanoTime()})
     */
    public TokenBucket(double rate, int burst, long now) {
        if (rate <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    /** @return 0 when the request may pass, otherwise the seconds to wait (at least 1, as Retry-After) */
    public synchronized long tryAcquire(long now) {
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
    }

    /** Whether the bucket is full again, i.e. its owner has been idle (for eviction). */
    public synchronized boolean isFull(long now) {
        return Math.min(burst, tokens + (now - last) / 1e9 * rate) >= burst;
    }
}
