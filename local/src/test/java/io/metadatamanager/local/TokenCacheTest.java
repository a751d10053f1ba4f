package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The bound of the token cache: what it keeps when full, alone and under concurrent insertions. */
class TokenCacheTest {
    private static final Duration TTL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void whenFull_expiredTokensMakeRoomFirst() {
        TokenCache cache = new TokenCache(TTL, 4, clock);
        cache.put("short-lived", valid("short-lived"), clock.instant().plusSeconds(10));
        for (String token : List.of("a", "b", "c")) {
            cache.put(token, valid(token), clock.instant().plus(Duration.ofHours(1)));
        }
        clock.advance(Duration.ofSeconds(20));

        cache.put("d", valid("d"), clock.instant().plus(Duration.ofHours(1)));

        assertThat(cache.size()).isEqualTo(4);
        for (String token : List.of("a", "b", "c", "d")) {
            assertThat(cache.get(token)).as(token).contains(valid(token));
        }
        assertThat(cache.get("short-lived")).isEmpty();
    }

    @Test
    void whenFullOfLiveTokens_theNewOneIsKeptAndTheBoundHolds() {
        TokenCache cache = new TokenCache(TTL, 4, clock);
        for (String token : List.of("a", "b", "c", "d", "e")) {
            cache.put(token, valid(token), clock.instant().plus(Duration.ofHours(1)));

            assertThat(cache.size()).isLessThanOrEqualTo(4);
            assertThat(cache.get(token)).as(token).contains(valid(token));
        }
    }

    @Test
    void concurrentInsertions_neverExceedTheBound() throws Exception {
        TokenCache cache = new TokenCache(TTL, 100, clock);
        List<Future<Integer>> largestSeen = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                largestSeen.add(threads.submit(() -> {
                    int largest = 0;
                    for (int i = 0; i < 2_000; i++) {
                        String token = thread + "-" + i;
                        cache.put(token, valid(token), clock.instant().plus(Duration.ofHours(1)));
                        cache.get(token);
                        largest = Math.max(largest, cache.size());
                    }
                    return largest;
                }));
            }
        }

        for (Future<Integer> largest : largestSeen) {
            assertThat(largest.get()).isLessThanOrEqualTo(100);
        }
        assertThat(cache.size()).isBetween(1, 100);
    }

    private static TokenVerifier.Result.Valid valid(String sub) {
        return new TokenVerifier.Result.Valid(Map.of("sub", sub));
    }
}
