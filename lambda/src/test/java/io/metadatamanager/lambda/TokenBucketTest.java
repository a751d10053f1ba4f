package io.metadatamanager.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The token bucket, driven with explicit {@code System.nanoTime()} readings: no sleeping, no real clock. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;
    /** An arbitrary origin: nanoTime has no meaning of its own and may be negative. */
    private static final long T0 = -7_345_000_000_000L;

    @Test
    void aNewBucket_isFull_andPassesExactlyItsBurst() {
        TokenBucket bucket = new TokenBucket(5, 10, T0);

        for (int i = 0; i < 10; i++) {
            assertThat(bucket.tryAcquire(T0)).as("request %d", i + 1).isZero();
        }
        assertThat(bucket.tryAcquire(T0)).isEqualTo(1);
    }

    @Test
    void tokensComeBackAtTheRate() {
        TokenBucket bucket = drained(5, 10);

        // 5 a second: one token every 200 ms
        assertThat(bucket.tryAcquire(T0 + 199_000_000L)).isPositive();
        assertThat(bucket.tryAcquire(T0 + 200_000_000L)).isZero();
        assertThat(bucket.tryAcquire(T0 + 200_000_000L)).isPositive();
        assertThat(bucket.tryAcquire(T0 + 400_000_000L)).isZero();
    }

    @Test
    void overAnInterval_atMostBurstPlusRateTimesTheIntervalPass() {
        TokenBucket bucket = new TokenBucket(5, 10, T0);
        int passed = 0;

        // one attempt every millisecond for 3 seconds
        for (long t = T0; t <= T0 + 3 * SECOND; t += 1_000_000L) {
            if (bucket.tryAcquire(t) == 0) {
                passed++;
            }
        }

        assertThat(passed).isEqualTo(10 + 5 * 3);
    }

    @Test
    void aLongIdleTime_refillsNoMoreThanTheBurst() {
        TokenBucket bucket = drained(5, 10);
        long later = T0 + 3_600 * SECOND;

        int passed = 0;
        while (bucket.tryAcquire(later) == 0) {
            passed++;
        }

        assertThat(passed).isEqualTo(10);
    }

    @ParameterizedTest(name = "rate {0}/s, waited {1} ns -> Retry-After {2}")
    @CsvSource({
            // rate, nanoseconds since the bucket ran dry, expected Retry-After seconds
            "5,      0,            1",
            "100,    0,            1", // a hundredth of a second still says 1: Retry-After has whole seconds
            "1,      0,            1",
            "1,      999999999,    1",
            "0.5,    0,            2",
            "0.5,    1000000000,   1",
            "0.1,    0,            10",
            "0.1,    9500000000,   1",
            "0.01,   0,            100",
    })
    void retryAfter_isTheWholeSecondsUntilTheNextToken_andAtLeastOne(double rate, long waited, long expected) {
        TokenBucket bucket = drained(rate, 1);

        assertThat(bucket.tryAcquire(T0 + waited)).isEqualTo(expected);
    }

    @Test
    void aRefusedRequest_takesNoToken() {
        TokenBucket bucket = drained(1, 1);

        for (int i = 0; i < 100; i++) {
            assertThat(bucket.tryAcquire(T0 + i * 1_000_000L)).isPositive();
        }

        assertThat(bucket.tryAcquire(T0 + SECOND)).isZero();
    }

    @Test
    void isFull_onlyOnceTheBucketHasRefilledCompletely() {
        TokenBucket bucket = new TokenBucket(2, 4, T0);
        assertThat(bucket.isFull(T0)).isTrue();

        bucket.tryAcquire(T0);
        bucket.tryAcquire(T0);

        assertThat(bucket.isFull(T0)).isFalse();
        assertThat(bucket.isFull(T0 + 999_999_999L)).isFalse();
        assertThat(bucket.isFull(T0 + SECOND)).isTrue();
    }

    @Test
    void readingsAcrossTheSignChangeOfNanoTime_work() {
        TokenBucket bucket = new TokenBucket(1, 1, -SECOND / 2);
        assertThat(bucket.tryAcquire(-SECOND / 2)).isZero();

        assertThat(bucket.tryAcquire(SECOND / 4)).isPositive();
        assertThat(bucket.tryAcquire(SECOND / 2)).isZero();
    }

    @ParameterizedTest(name = "rate {0}, burst {1}")
    @CsvSource({"0, 1", "-1, 1", "1, 0", "1, -5"})
    void nonsenseLimits_areRefused(double rate, int burst) {
        assertThatThrownBy(() -> new TokenBucket(rate, burst, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A bucket of {@code burst} emptied at {@code T0}. */
    private static TokenBucket drained(double rate, int burst) {
        TokenBucket bucket = new TokenBucket(rate, burst, T0);
        for (int i = 0; i < burst; i++) {
            assertThat(bucket.tryAcquire(T0)).isZero();
        }
        return bucket;
    }
}
