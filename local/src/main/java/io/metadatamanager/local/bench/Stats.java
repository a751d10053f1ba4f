package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Median and spread of a handful of samples (nearest-rank percentiles).
 *
 * @param n how many samples
 */
record Stats(int n, double median, double min, double max, double p90) {
    static Stats of(List<Double> samples) {
        if (samples.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(sorted.length, median(sorted), sorted[0], sorted[sorted.length - 1], rank(sorted, 0.90));
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    void writeTo(ObjectNode node) {
        node.put("n", n);
        node.put("median", round(median));
        node.put("min", round(min));
        node.put("max", round(max));
        node.put("p90", round(p90));
    }

    /** {@code 123.4 [98.7–150.2]} */
    String text() {
        return n == 0 ? "–" : String.format("%.1f [%.1f–%.1f]", median, min, max);
    }

    static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : value;
    }
}
