package org.xgrad.examples;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** results.csv, the Markdown table in the paper's layout, and PNG learning curves. */
final class Reports {

    static final String CSV = "results.csv";
    static final String MARKDOWN = "results.md";
    static final String ACCURACY_PNG = "accuracy.png";
    static final String LOSS_PNG = "loss.png";

    private Reports() {
    }

    static void writeCsv(Path file, List<EpochRecord> records) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(EpochRecord.HEADER);
        records.forEach(r -> lines.add(r.toCsv()));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static List<EpochRecord> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(EpochRecord.HEADER)) {
            throw new IOException(file + ": expected the header " + EpochRecord.HEADER);
        }
        return lines.subList(1, lines.size()).stream().map(EpochRecord::parse).toList();
    }

    /** Per variant and seed: best top-1, best top-5, lowest validation loss over the epochs. */
    record Best(double top1, double top5, double valLoss) {
    }

    static Map<String, List<Best>> bestPerSeed(List<EpochRecord> records) {
        Map<String, Map<Long, Best>> acc = new LinkedHashMap<>();
        for (EpochRecord r : records) {
            acc.computeIfAbsent(r.variant(), v -> new LinkedHashMap<>()).merge(r.seed(),
                    new Best(r.top1(), r.top5(), r.valLoss()),
                    (a, b) -> new Best(Math.max(a.top1, b.top1), Math.max(a.top5, b.top5),
                            Math.min(a.valLoss, b.valLoss)));
        }
        Map<String, List<Best>> out = new LinkedHashMap<>();
        acc.forEach((variant, seeds) -> out.put(variant, new ArrayList<>(seeds.values())));
        return out;
    }

    static double mean(List<Best> bests, ToDoubleFunction<Best> metric) {
        return bests.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (0 for one seed). */
    static double std(List<Best> bests, ToDoubleFunction<Best> metric) {
        if (bests.size() < 2) {
            return 0;
        }
        double m = mean(bests, metric);
        double ss = bests.stream().mapToDouble(b -> Math.pow(metric.applyAsDouble(b) - m, 2)).sum();
        return Math.sqrt(ss / (bests.size() - 1));
    }

    static String cell(List<Best> bests, ToDoubleFunction<Best> metric, int decimals) {
        String f = "%." + decimals + "f";
        String text = String.format(Locale.ROOT, f, mean(bests, metric));
        return bests.size() < 2 ? text : text + " ± " + String.format(Locale.ROOT, f, std(bests, metric));
    }

    /** The table of the paper's Tables IV–VI: best top-1, best top-5 and minimum test loss, best value in bold. */
    static String markdownTable(List<EpochRecord> records, String title) {
        Map<String, List<Best>> best = bestPerSeed(records);
        int seeds = best.values().stream().mapToInt(List::size).max().orElse(0);
        double bestTop1 = best.values().stream().mapToDouble(b -> mean(b, Best::top1)).max().orElse(Double.NaN);
        double bestTop5 = best.values().stream().mapToDouble(b -> mean(b, Best::top5)).max().orElse(Double.NaN);
        double bestLoss = best.values().stream().mapToDouble(b -> mean(b, Best::valLoss)).min().orElse(Double.NaN);
        StringBuilder md = new StringBuilder();
        md.append("### ").append(title).append("\n\n");
        md.append(seeds > 1 ? "Mean ± standard deviation over " + seeds + " seeds of each run's best epoch.\n\n"
                : "One seed; best epoch of the run.\n\n");
        md.append("| Optimizer | Top-1 accuracy (%) | Top-5 accuracy (%) | Min test loss |\n");
        md.append("|---|---:|---:|---:|\n");
        best.forEach((variant, b) -> md.append("| ").append(variant).append(" | ")
                .append(bold(cell(b, Best::top1, 2), mean(b, Best::top1) == bestTop1)).append(" | ")
                .append(bold(cell(b, Best::top5, 2), mean(b, Best::top5) == bestTop5)).append(" | ")
                .append(bold(cell(b, Best::valLoss, 4), mean(b, Best::valLoss) == bestLoss)).append(" |\n"));
        return md.toString();
    }

    private static String bold(String text, boolean best) {
        return best ? "**" + text + "**" : text;
    }

    /** Mean over seeds of a metric, per variant and epoch. */
    static Map<String, double[]> curves(List<EpochRecord> records, ToDoubleFunction<EpochRecord> metric) {
        int epochs = records.stream().mapToInt(EpochRecord::epoch).max().orElse(0);
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (EpochRecord r : records) {
            sums.computeIfAbsent(r.variant(), v -> new double[epochs])[r.epoch() - 1] += metric.applyAsDouble(r);
            counts.computeIfAbsent(r.variant(), v -> new int[epochs])[r.epoch() - 1]++;
        }
        sums.forEach((v, s) -> {
            for (int e = 0; e < epochs; e++) {
                s[e] /= Math.max(1, counts.get(v)[e]);
            }
        });
        return sums;
    }

    static void writeChart(Path file, List<EpochRecord> records, ToDoubleFunction<EpochRecord> metric, String title,
                           String yAxis) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("Epoch")
                .yAxisTitle(yAxis).build();
        chart.getStyler().setMarkerSize(5);
        curves(records, metric).forEach((variant, values) -> {
            double[] x = new double[values.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            chart.addSeries(variant, x, values).setMarker(SeriesMarkers.CIRCLE);
        });
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
