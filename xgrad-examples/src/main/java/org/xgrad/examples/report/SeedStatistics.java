package org.xgrad.examples.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What a study's seeds say about XGrad against the other optimizers of the study: the time each run needs to reach a
 * target value of the metric, and XGrad's per-seed (paired) differences from every base and baseline, with a 95 %
 * Student-t interval. Arms of one seed train on the same batches in the same order, so pairing by seed removes the
 * seed's own luck from the difference.
 */
public final class SeedStatistics {

    private SeedStatistics() {
    }

    /**
     * When a run first reached the target: its epoch and the training seconds summed up to and including that epoch
     * (evaluation excluded), or null values if it did not.
     */
    public record Reach(Integer epoch, Double seconds) {
        public boolean reached() { return epoch != null; }
    }

    /** @return variant → seed → the run's records by epoch, in the order the records list them */
    public static Map<String, Map<Long, List<EpochRecord>>> runs(List<EpochRecord> records) {
        Map<String, Map<Long, List<EpochRecord>>> runs = new LinkedHashMap<>();
        for (EpochRecord r : records) {
            runs.computeIfAbsent(r.variant(), v -> new LinkedHashMap<>()).computeIfAbsent(r.seed(),
                    s -> new ArrayList<>()).add(r);
        }
        runs.values().forEach(seeds -> seeds.values().forEach(run -> run.sort(Comparator.comparingInt(
                EpochRecord::epoch))));
        return runs;
    }

    public static Reach reach(List<EpochRecord> run, Metric metric, double target) {
        double seconds = 0;
        for (EpochRecord r : run) {
            seconds += r.seconds();
            double value = metric.of(r);
            if (metric.higherIsBetter() ? value >= target : value <= target) {
                return new Reach(r.epoch(), seconds);
            }
        }
        return new Reach(null, null);
    }

    /**
     * A paired comparison: the mean of the per-seed differences, its 95 % Student-t interval (NaN bounds for fewer
     * than two seeds), the number of seeds and how many of them the first optimizer is ahead in.
     */
    public record Paired(double mean, double low, double high, int seeds, int ahead) {
    }

    /**
     * @param differences per seed, first optimizer minus second
     * @param lowerIsAhead true where a smaller value is better (epochs or seconds to the target, perplexity)
     */
    public static Paired paired(List<Double> differences, boolean lowerIsAhead) {
        int n = differences.size();
        double mean = differences.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        int ahead = (int) differences.stream().filter(d -> lowerIsAhead ? d < 0 : d > 0).count();
        if (n < 2) {
            return new Paired(mean, Double.NaN, Double.NaN, n, ahead);
        }
        double ss = differences.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
        double half = tQuantile975(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        return new Paired(mean, mean - half, mean + half, n, ahead);
    }

    /** Two-sided 95 % quantiles of Student's t, df = 1..30, then the normal value. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
            2.056, 2.052, 2.048, 2.045, 2.042};

    public static double tQuantile975(int df) { return df <= T975.length ? T975[df - 1] : 1.960; }

    /** XGrad's variants are named XGrad-S1..; every other variant is a base or a baseline to compare them with. */
    public static boolean isXGrad(String variant) { return variant.startsWith("XGrad-"); }

    /**
     * The Markdown sections: time to the target (if one is given) per variant, and the paired differences of every
     * XGrad variant from every other variant (time to target, best and last-epoch metric), over the seeds both have.
     */
    public static String markdown(List<EpochRecord> records, Metric metric, Double target) {
        Map<String, Map<Long, List<EpochRecord>>> runs = runs(records);
        StringBuilder md = new StringBuilder();
        String unit = metric == Metric.ACCURACY ? " %" : "";
        String targetText = target == null ? null : (metric.higherIsBetter() ? "≥ " : "≤ ")
                + format(target, 2) + unit;
        if (target != null) {
            md.append("\n#### Time to target: ").append(Reports.lowerFirst(metric.label())).append(' ').append(targetText)
                    .append("\n\nFirst epoch at the target and the training seconds up to it (evaluation excluded), ")
                    .append("mean ± std over the seeds that reached it.\n\n")
                    .append("| Optimizer | seeds reached | epoch | training seconds |\n|---|---:|---:|---:|\n");
            runs.forEach((variant, seeds) -> {
                List<Reach> reaches = seeds.values().stream().map(run -> reach(run, metric, target)).toList();
                List<Double> epochs = reaches.stream().filter(Reach::reached).map(r -> (double) r.epoch()).toList();
                List<Double> seconds = reaches.stream().filter(Reach::reached).map(Reach::seconds).toList();
                md.append("| ").append(variant).append(" | ").append(epochs.size()).append(" of ")
                        .append(reaches.size()).append(" | ").append(meanStd(epochs, 1)).append(" | ")
                        .append(meanStd(seconds, 0)).append(" |\n");
            });
        }
        List<String> xs = runs.keySet().stream().filter(SeedStatistics::isXGrad).toList();
        List<String> others = runs.keySet().stream().filter(v -> !isXGrad(v)).toList();
        if (xs.isEmpty() || others.isEmpty()) {
            return md.toString();
        }
        md.append("\n#### XGrad against each other optimizer, paired by seed\n\n")
                .append("Per seed XGrad minus the other (same batches, same order); mean, 95 % Student-t interval ")
                .append("over the seeds both have (n/a for one seed) and the seeds where XGrad is ahead.\n\n")
                .append("| XGrad | vs | quantity | seeds | mean difference | 95 % interval | XGrad ahead |\n")
                .append("|---|---|---|---:|---:|---:|---:|\n");
        for (String x : xs) {
            for (String other : others) {
                if (target != null) {
                    row(md, x, other, "epochs to " + targetText, runs, run -> reachValue(run, metric, target, true),
                            true, 1);
                    row(md, x, other, "seconds to " + targetText, runs, run -> reachValue(run, metric, target, false),
                            true, 0);
                }
                row(md, x, other, "best " + Reports.lowerFirst(metric.label()), runs, run -> run.stream()
                        .mapToDouble(metric::of).reduce(metric::better).orElse(Double.NaN), !metric.higherIsBetter(), 2);
                row(md, x, other, "last-epoch " + Reports.lowerFirst(metric.label()), runs, run -> metric.of(
                        run.get(run.size() - 1)), !metric.higherIsBetter(), 2);
            }
        }
        return md.toString();
    }

    /** A run's epoch or seconds at the target; null if it did not reach it. */
    private static Double reachValue(List<EpochRecord> run, Metric metric, double target, boolean epochs) {
        Reach reach = reach(run, metric, target);
        return !reach.reached() ? null : epochs ? (double) reach.epoch() : reach.seconds();
    }

    private static void row(StringBuilder md, String x, String other, String quantity,
                            Map<String, Map<Long, List<EpochRecord>>> runs, Function<List<EpochRecord>, Double> value,
                            boolean lowerIsAhead, int decimals) {
        List<Double> differences = new ArrayList<>();
        int common = 0;
        for (Map.Entry<Long, List<EpochRecord>> seed : runs.get(x).entrySet()) {
            List<EpochRecord> theirs = runs.get(other).get(seed.getKey());
            if (theirs == null) {
                continue;
            }
            common++;
            Double a = value.apply(seed.getValue());
            Double b = value.apply(theirs);
            if (a != null && b != null && Double.isFinite(a) && Double.isFinite(b)) {
                differences.add(a - b);
            }
        }
        Paired p = paired(differences, lowerIsAhead);
        String seeds = differences.size() == common ? Integer.toString(common) : differences.size() + " of " + common;
        md.append("| ").append(x).append(" | ").append(other).append(" | ").append(quantity).append(" | ")
                .append(seeds).append(" | ").append(differences.isEmpty() ? "—" : signed(p.mean(), decimals))
                .append(" | ").append(Double.isNaN(p.low()) ? "n/a" : "[" + signed(p.low(), decimals) + ", "
                        + signed(p.high(), decimals) + "]").append(" | ").append(p.ahead()).append(" of ")
                .append(differences.size()).append(" |\n");
    }

    private static String meanStd(List<Double> values, int decimals) {
        if (values.isEmpty()) {
            return "not reached";
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (values.size() < 2) {
            return format(mean, decimals);
        }
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return format(mean, decimals) + " ± " + format(Math.sqrt(ss / (values.size() - 1)), decimals);
    }

    private static String format(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String signed(double v, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f", v);
    }
}
