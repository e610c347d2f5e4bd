package org.xgrad.examples.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** results.csv, the Markdown table in the paper's layout, and PNG learning curves. */
public final class Reports {

    public static final String CSV = "results.csv";

    /** @return e.g. "1 epoch", "2 epochs" */
    public static String count(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

    public static final String MARKDOWN = "results.md";
    public static final String LOSS_PNG = "loss.png";

    private Reports() {
    }

    public static void writeCsv(Path file, List<EpochRecord> records) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(EpochRecord.HEADER);
        records.forEach(r -> lines.add(r.toCsv()));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static List<EpochRecord> readCsv(Path file) throws IOException {
        return parseCsv(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    public static List<EpochRecord> parseCsv(List<String> lines, String source) throws IOException {
        if (lines.isEmpty() || !List.of(EpochRecord.HEADER, EpochRecord.HEADER_WITHOUT_TEST,
                EpochRecord.HEADER_WITHOUT_DIVERGED).contains(lines.get(0))) {
            throw new IOException(source + ": expected the header " + EpochRecord.HEADER);
        }
        return lines.subList(1, lines.size()).stream().map(EpochRecord::parse).toList();
    }

    /**
     * One run (variant and seed) summarized: the best and the last epoch's value of the metric, the best top-5 and
     * the lowest evaluation loss over its epochs.
     */
    public record Summary(double best, double last, double top5, double valLoss, double testAtBest) {
    }

    public static Map<String, List<Summary>> summaries(List<EpochRecord> records, Metric metric) {
        Map<String, Map<Long, List<EpochRecord>>> runs = SeedStatistics.runs(records);
        Map<String, List<Summary>> out = new LinkedHashMap<>();
        runs.forEach((variant, seeds) -> {
            List<Summary> list = new ArrayList<>();
            for (List<EpochRecord> run : seeds.values()) {
                EpochRecord last = run.stream().max(Comparator.comparingInt(EpochRecord::epoch)).orElseThrow();
                EpochRecord bestValidation = run.stream().min(Comparator.comparingDouble(EpochRecord::valLoss))
                        .orElseThrow();
                list.add(new Summary(run.stream().mapToDouble(metric::of).reduce(metric::better).orElseThrow(),
                        metric.of(last), run.stream().mapToDouble(EpochRecord::top5).max().orElseThrow(),
                        run.stream().mapToDouble(EpochRecord::valLoss).min().orElseThrow(),
                        Math.exp(bestValidation.testLoss())));
            }
            out.put(variant, list);
        });
        return out;
    }

    public static double mean(List<Summary> runs, ToDoubleFunction<Summary> column) {
        return runs.stream().mapToDouble(column).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (0 for one seed). */
    public static double std(List<Summary> runs, ToDoubleFunction<Summary> column) {
        if (runs.size() < 2) {
            return 0;
        }
        double m = mean(runs, column);
        double ss = runs.stream().mapToDouble(b -> Math.pow(column.applyAsDouble(b) - m, 2)).sum();
        return Math.sqrt(ss / (runs.size() - 1));
    }

    public static String cell(List<Summary> runs, ToDoubleFunction<Summary> column, int decimals) {
        String f = "%." + decimals + "f";
        String text = String.format(Locale.ROOT, f, mean(runs, column));
        return runs.size() < 2 ? text : text + " ± " + String.format(Locale.ROOT, f, std(runs, column));
    }

    /** A column of the table: its header, value, decimals and direction (the best mean is set in bold). */
    private record Column(String header, ToDoubleFunction<Summary> value, int decimals, boolean higherIsBetter) {
    }

    /**
     * The table of the paper's Tables IV–VII: per variant, the best and the last epoch's metric (top-1 accuracy or
     * perplexity), the best top-5 (images) and the minimum evaluation loss; mean ± std over seeds, best in bold.
     */
    public static String markdownTable(List<EpochRecord> records, Metric metric, String title) {
        Map<String, List<Summary>> runs = summaries(records, metric);
        int seeds = runs.values().stream().mapToInt(List::size).max().orElse(0);
        int epochs = records.stream().mapToInt(EpochRecord::epoch).max().orElse(0);
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Best " + lowerFirst(metric.label()), Summary::best, 2, metric.higherIsBetter()));
        columns.add(new Column("Last-epoch " + lowerFirst(metric.label()), Summary::last, 2, metric.higherIsBetter()));
        if (metric == Metric.ACCURACY) {
            columns.add(new Column("Best top-5 accuracy (%)", Summary::top5, 2, true));
        }
        columns.add(new Column(metric == Metric.ACCURACY ? "Min test loss" : "Min validation loss", Summary::valLoss, 4,
                false));
        if (metric == Metric.PERPLEXITY && records.stream().anyMatch(r -> !Double.isNaN(r.testLoss()))) {
            columns.add(new Column("Test perplexity at the best validation epoch", Summary::testAtBest, 2, false));
        }
        StringBuilder md = new StringBuilder();
        md.append("### ").append(title).append("\n\n");
        md.append(seeds > 1 ? "Mean ± standard deviation over " + seeds + " seeds" : "One seed").append("; best over ")
                .append(count(epochs, "epoch")).append(" and the last epoch's value.\n\n");
        Map<String, Integer> reached = epochsPerRun(records);
        if (!even(records)) {
            md.append("Unfinished: the runs have reached different epochs (").append(reached.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")))
                    .append("); each run's best and last epoch are those it has reached.\n\n");
        }
        md.append("| Optimizer |");
        columns.forEach(c -> md.append(' ').append(c.header()).append(" |"));
        md.append("\n|---|");
        columns.forEach(c -> md.append("---:|"));
        md.append('\n');
        Map<String, String> diverged = divergence(records, seeds > 1);
        runs.forEach((variant, summaries) -> {
            md.append("| ").append(variant).append(" |");
            for (Column c : columns) {
                if (diverged.containsKey(variant)) { // never bold, no mean of a diverged run
                    md.append(' ').append(diverged.get(variant)).append(" |");
                    continue;
                }
                double m = mean(summaries, c.value());
                double best = runs.entrySet().stream().filter(e -> !diverged.containsKey(e.getKey()))
                        .mapToDouble(e -> mean(e.getValue(), c.value()))
                        .reduce((a, b) -> c.higherIsBetter() ? Math.max(a, b) : Math.min(a, b)).orElse(m);
                String text = cell(summaries, c.value(), c.decimals());
                md.append(' ').append(m == best ? "**" + text + "**" : text).append(" |");
            }
            md.append('\n');
        });
        return md.toString();
    }

    /**
     * @return per variant with a diverged run (a non-finite loss): "diverged at epoch k", k the first such epoch, with
     * the seeds named when the study has several
     */
    public static Map<String, String> divergence(List<EpochRecord> records, boolean nameSeeds) {
        Map<String, Integer> first = new LinkedHashMap<>();
        Map<String, java.util.TreeSet<Long>> seeds = new LinkedHashMap<>();
        for (EpochRecord r : records) {
            if (r.diverged()) {
                first.merge(r.variant(), r.epoch(), Math::min);
                seeds.computeIfAbsent(r.variant(), v -> new java.util.TreeSet<>()).add(r.seed());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        first.forEach((variant, epoch) -> out.put(variant, "diverged at epoch " + epoch + (nameSeeds ? " (seed"
                + (seeds.get(variant).size() > 1 ? "s " : " ") + seeds.get(variant).stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ")" : "")));
        return out;
    }

    public static String lowerFirst(String s) {
        return s.startsWith("Top") ? "top" + s.substring(3) : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** @return true if every run that has not diverged has reached the same epoch (a diverged run has stopped) */
    public static boolean even(List<EpochRecord> records) {
        java.util.Set<String> diverged = new java.util.HashSet<>();
        records.stream().filter(EpochRecord::diverged).forEach(r -> diverged.add(r.variant() + " seed " + r.seed()));
        return epochsPerRun(records).entrySet().stream().filter(e -> !diverged.contains(e.getKey()))
                .map(Map.Entry::getValue).distinct().count() <= 1;
    }

    /** @return epochs reached per run, "variant seed N" → epochs, in the order of the records */
    public static Map<String, Integer> epochsPerRun(List<EpochRecord> records) {
        Map<String, Integer> reached = new LinkedHashMap<>();
        records.forEach(r -> reached.merge(r.variant() + " seed " + r.seed(), r.epoch(), Math::max));
        return reached;
    }

    /**
     * Per variant, the mean over seeds epoch by epoch; while the runs have reached different epochs (an unfinished
     * study), one curve per variant and seed instead, so that no point mixes seeds.
     */
    public static Map<String, double[]> curves(List<EpochRecord> records, ToDoubleFunction<EpochRecord> metric) {
        boolean even = even(records);
        Map<String, List<EpochRecord>> groups = new LinkedHashMap<>();
        records.forEach(r -> groups.computeIfAbsent(even ? r.variant() : r.variant() + " seed " + r.seed(),
                g -> new ArrayList<>()).add(r));
        Map<String, double[]> out = new LinkedHashMap<>();
        groups.forEach((name, rows) -> {
            int epochs = rows.stream().mapToInt(EpochRecord::epoch).max().orElse(0);
            double[] sum = new double[epochs];
            int[] count = new int[epochs];
            for (EpochRecord r : rows) {
                sum[r.epoch() - 1] += metric.applyAsDouble(r);
                count[r.epoch() - 1]++;
            }
            for (int e = 0; e < epochs; e++) {
                sum[e] /= Math.max(1, count[e]);
            }
            out.put(name, sum);
        });
        return out;
    }

    /** The metric's curve ({@link Metric#plotFile()}) and the loss curve, into {@code dir}. */
    public static void writeCharts(Path dir, List<EpochRecord> records, Metric metric, String title) throws IOException {
        writeChart(dir.resolve(metric.plotFile()), records, metric::of, metric.label() + ": " + title,
                metric.label());
        writeChart(dir.resolve(LOSS_PNG), records, EpochRecord::valLoss, (metric == Metric.ACCURACY ? "Test"
                : "Validation") + " loss: " + title, "Cross-entropy");
    }

    private static final int CHART_WIDTH = 900;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127)};

    /**
     * Per variant, the lowest and the highest value over its seeds at each epoch ({min[], max[]}), where the runs
     * have all reached the same epochs and the variant has at least two seeds; otherwise no entry.
     */
    public static Map<String, double[][]> bands(List<EpochRecord> records, ToDoubleFunction<EpochRecord> metric) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        if (!even(records)) {
            return out;
        }
        SeedStatistics.runs(records).forEach((variant, seeds) -> {
            if (seeds.size() < 2) {
                return;
            }
            int epochs = seeds.values().stream().mapToInt(List::size).max().orElse(0);
            double[][] band = new double[2][epochs];
            java.util.Arrays.fill(band[0], Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(band[1], Double.NEGATIVE_INFINITY);
            for (List<EpochRecord> run : seeds.values()) {
                for (EpochRecord r : run) {
                    band[0][r.epoch() - 1] = Math.min(band[0][r.epoch() - 1], metric.applyAsDouble(r));
                    band[1][r.epoch() - 1] = Math.max(band[1][r.epoch() - 1], metric.applyAsDouble(r));
                }
            }
            out.put(variant, band);
        });
        return out;
    }

    public static void writeChart(Path file, List<EpochRecord> records, ToDoubleFunction<EpochRecord> metric, String title,
                           String yAxis) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(560).title(title).xAxisTitle("Epoch")
                .yAxisTitle(yAxis).build();
        chart.getStyler().setMarkerSize(5);
        // a long title (protocol and settings) gets a smaller font instead of being cut off at the edges
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD,
                (int) Math.min(14, CHART_WIDTH * 1.6 / Math.max(1, title.length()))));
        Map<String, double[][]> bands = bands(records, metric);
        int[] index = {0};
        curves(records, metric).forEach((variant, values) -> {
            if (values.length == 0) {
                return;
            }
            Color color = PALETTE[index[0]++ % PALETTE.length];
            double[][] band = bands.get(variant);
            if (band != null && java.util.Arrays.stream(band[0]).allMatch(Double::isFinite)
                    && java.util.Arrays.stream(band[1]).allMatch(Double::isFinite)) { // min–max over the seeds: a translucent polygon behind the mean curve
                int n = band[0].length;
                double[] bx = new double[2 * n];
                double[] by = new double[2 * n];
                for (int i = 0; i < n; i++) {
                    bx[i] = i + 1;
                    by[i] = band[1][i];
                    bx[2 * n - 1 - i] = i + 1;
                    by[2 * n - 1 - i] = band[0][i];
                }
                XYSeries area = chart.addSeries(variant + " (min–max over seeds)", bx, by);
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 45));
                area.setLineColor(new Color(0, 0, 0, 0));
                area.setMarker(SeriesMarkers.NONE);
                area.setShowInLegend(false);
            }
            int finite = 0;
            while (finite < values.length && Double.isFinite(values[finite])) {
                finite++;
            }
            if (finite == 0) {
                return; // diverged in its first epoch: no point to draw (the table says so)
            }
            double[] x = new double[finite];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            // a diverged run's curve ends at its last finite epoch; the legend says where it stopped
            XYSeries line = chart.addSeries(finite < values.length ? variant + " (diverged at epoch " + (finite + 1)
                    + ")" : variant, x, java.util.Arrays.copyOf(values, finite));
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineColor(color);
            line.setMarkerColor(color);
        });
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
