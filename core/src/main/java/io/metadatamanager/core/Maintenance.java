package io.metadatamanager.core;

import io.metadatamanager.core.error.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The sweep that runs beside the API, never inside a write: brings every head up to its newest logged
 * version (repair), reports heads without a log (orphans), and prunes old versions when a retention is set.
 */
public final class Maintenance {
    /**
     * How many versions to keep. The newest version is never pruned.
     *
     * @param maxVersions keep at most this many versions per document
     * @param maxAge prune versions older than this
     */
    public record Retention(OptionalInt maxVersions, Optional<Duration> maxAge) {
        public Retention {
            Objects.requireNonNull(maxVersions, "maxVersions");
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxVersions.isPresent() && maxVersions.getAsInt() < 1) {
                throw new IllegalArgumentException("maxVersions must be at least 1");
            }
        }

        public static Retention keepAll() {
            return new Retention(OptionalInt.empty(), Optional.empty());
        }
    }

    /**
     * What a run did.
     *
     * @param documents documents visited
     * @param repaired heads brought up to the newest logged version
     * @param orphans heads with no version in the log
     * @param orphanSamples up to 100 orphans as {@code tenant/id}
     * @param pruned versions removed by retention
     * @param failures documents that could not be processed (the engine failed)
     */
    public record Report(long documents, long repaired, long orphans, List<String> orphanSamples, long pruned,
            long failures) {}

    private static final int MAX_SAMPLES = 100;

    private final DocumentRepository repository;
    private final Clock clock;

    public Maintenance(DocumentRepository repository, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Report run(Retention retention) {
        Instant now = clock.instant();
        long[] counts = new long[5]; // documents, repaired, orphans, pruned, failures
        List<String> samples = new ArrayList<>();
        repository.forEachDocument(ref -> {
            counts[0]++;
            try {
                if (ref.versions().isEmpty()) {
                    counts[2]++;
                    if (samples.size() < MAX_SAMPLES) {
                        samples.add(ref.tenant().value() + "/" + ref.id().value());
                    }
                    return;
                }
                long newest = ref.versions().getLast().version();
                if (ref.headVersion().isEmpty() || ref.headVersion().getAsLong() < newest) {
                    repository.findLatestVersion(ref.tenant(), ref.id()).ifPresent(latest -> {
                        repository.project(latest);
                        counts[1]++;
                    });
                }
                List<Long> prune = prunable(ref.versions(), retention, now);
                if (!prune.isEmpty()) {
                    repository.deleteVersions(ref.tenant(), ref.id(), prune);
                    counts[3] += prune.size();
                }
            } catch (StorageUnavailableException e) {
                counts[4]++;
            }
        });
        return new Report(counts[0], counts[1], counts[2], List.copyOf(samples), counts[3], counts[4]);
    }

    /** The versions retention removes: never the newest. */
    static List<Long> prunable(List<DocumentRef.Logged> versions, Retention retention, Instant now) {
        List<Long> prune = new ArrayList<>();
        int keepFrom = retention.maxVersions().isPresent()
                ? Math.max(0, versions.size() - retention.maxVersions().getAsInt())
                : 0;
        Instant cutoff = retention.maxAge().map(now::minus).orElse(Instant.MIN);
        for (int i = 0; i < versions.size() - 1; i++) {
            DocumentRef.Logged v = versions.get(i);
            if (i < keepFrom || v.updatedAt().isBefore(cutoff)) {
                prune.add(v.version());
            }
        }
        return prune;
    }
}
