package org.xgrad.examples.cli;

import org.xgrad.examples.experiment.Models;
import org.xgrad.examples.experiment.Optimizer;
import org.xgrad.examples.report.NetworkMemory;
import org.xgrad.examples.study.Trainer;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.xgrad.listeners.WeightPredictionListener;
import org.xgrad.updaters.PredictionMode;
import org.xgrad.updaters.XUpdater;
import org.xgrad.zoo.Gnmt;
import org.xgrad.zoo.OneDnn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code xgrad bench}: time per iteration and memory of the stock base optimizer against XGrad (listener and
 * updater-only), interleaved in one run (A B C A B C …, warm-up excluded); medians and XGrad/base ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Per-iteration time and memory of the base optimizer vs XGrad (listener and updater-only modes), "
                + "interleaved in one process; prints medians and ratios.")
public class BenchCommand implements Callable<Integer> {

    @Option(names = {"--models", "--model"}, split = ",", defaultValue = "lenet5,resnet18",
            completionCandidates = Models.Names.class,
            description = "Models: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); random data: lenet5 on 1x28x28, "
                    + "the other image models on 3x32x32 (10 classes), lstm1/lstm2 on " + BPTT + "-token sequences of a "
                    + PTB_VOCABULARY + "-word vocabulary, gnmt (GNMT-8) on sentence pairs of up to " + GNMT_LENGTH
                    + " tokens, vocabulary " + WMT_VOCABULARY)
    List<String> models;

    @Option(names = "--optimizer", defaultValue = "adam", completionCandidates = Optimizer.Names.class,
            description = "Optimizer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--steps", split = ",", defaultValue = "1",
            description = "XGrad prediction steps, e.g. 1,2: each measured in both modes (default: ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Option(names = "--rounds", defaultValue = "6", description = "Interleaved rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--iterations", defaultValue = "10",
            description = "Timed iterations per configuration and round (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed iterations first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-size", description = "Batch size (default: 128 for lenet5, 32 otherwise)")
    Integer batchSize;

    /** Penn Treebank's vocabulary and the sequence length of the text protocols. */
    static final int PTB_VOCABULARY = 10_000;
    static final int BPTT = 35;
    /** The WMT16 English–German vocabulary of NVIDIA's GNMT v2 and its maximum sentence length. */
    static final int WMT_VOCABULARY = 32_320;
    static final int GNMT_LENGTH = 50;

    /** One configuration under test. */
    private static final class Config {
        final String name;
        final Model net;
        final List<Double> millis = new ArrayList<>();
        /** Growth of the thread's ND4J workspaces needed beyond the configurations set up before this one. */
        long workspaceGrowth;
        /**
         * The listener's counters at the end of the warm-up (predicted iterations, prediction and restore nanoseconds):
         * own work is what they grew by over the timed iterations, not the warm-up's interpreted and compiling runs.
         */
        private final long[] warmupCounters;

        Config(String name, Model net) {
            this.name = name;
            this.net = net;
            this.warmupCounters = counters(NetworkMemory.listener(net));
        }

        private static long[] counters(WeightPredictionListener w) {
            return w == null ? new long[3]
                    : new long[]{w.getPredictedIterations(), w.getPredictionNanos(), w.getRestoreNanos()};
        }

        /** @return predicted iterations, prediction and restore nanoseconds since the end of the warm-up */
        long[] timedCounters() {
            long[] now = counters(NetworkMemory.listener(net));
            for (int i = 0; i < now.length; i++) {
                now[i] -= warmupCounters[i];
            }
            return now;
        }
    }

    @Override
    public Integer call() {
        XGradCli.require(rounds >= 1, "--rounds must be >= 1, got " + rounds);
        XGradCli.require(iterations >= 1, "--iterations must be >= 1, got " + iterations);
        XGradCli.require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
        XGradCli.require(steps.stream().allMatch(s -> s >= 1), "--steps must be >= 1 each, got " + steps);
        XGradCli.require(batchSize == null || batchSize >= 1, "--batch-size must be >= 1, got " + batchSize);
        models.forEach(m -> Models.input(m, "--models"));
        Optimizer family = Optimizer.parse(optimizer);
        ISchedule lr = new MapSchedule(ScheduleType.ITERATION, java.util.Map.of(0,
                family.defaultLearningRate()));
        System.out.printf(Locale.ROOT, "bench: %s vs %s, %d rounds x %d iterations, %d warm-up, %d cores%n",
                family.label(), steps.stream().map(s -> "XGrad-S" + s).collect(java.util.stream.Collectors.joining(", ")),
                rounds, iterations, warmup, Runtime.getRuntime().availableProcessors());
        String library = OneDnn.nativeLibrary();
        String unavailable = OneDnn.unavailableReason();
        System.out.printf(Locale.ROOT, "ND4J binary: %s; oneDNN helpers: %s; OMP_NUM_THREADS=%s%n",
                library == null ? "unknown" : Path.of(library).getParent().getFileName(),
                unavailable == null ? "attached to convolution, pooling and batch-normalization layers"
                        : "off (" + unavailable + ")",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        System.out.printf(Locale.ROOT, "memory-copy bandwidth (read + write, FLOAT arrays of 256 MiB): %.1f GB/s%n",
                copyBandwidth(64L << 20, false) / 1e9);
        for (String model : models) {
            int batch = batchSize != null ? batchSize : model.equals("lenet5") ? 128 : 32;
            Workload data = workload(model, batch);
            List<Config> configs = new ArrayList<>();
            Trainer.Variant base = new Trainer.Variant(family.label(), family.base(lr, 0));
            String baseName = family.label() + (base.updater() instanceof XUpdater ? " (s = 0: no DL4J twin)"
                    : " (stock DL4J)");
            configs.add(measureSetup(baseName, model, data, base, PredictionMode.LISTENER));
            for (int s : steps) {
                Trainer.Variant x = new Trainer.Variant("XGrad-S" + s + (family.wrapped() ? " (XWrapped)" : ""),
                        family.xgrad(lr, s, 0));
                configs.add(measureSetup(x.name() + " listener", model, data, x, PredictionMode.LISTENER));
                configs.add(measureSetup(x.name() + " updater-only", model, data, x, PredictionMode.UPDATER_ONLY));
            }
            for (int r = 0; r < rounds; r++) {
                for (Config c : configs) {
                    for (int i = 0; i < iterations; i++) {
                        long t0 = System.nanoTime();
                        data.step().accept(c.net);
                        c.millis.add((System.nanoTime() - t0) / 1e6);
                    }
                }
            }
            report(model, batch, configs);
        }
        return 0;
    }

    private Config measureSetup(String name, String model, Workload data, Trainer.Variant variant,
                                PredictionMode mode) {
        long before = NetworkMemory.workspaceBytes();
        Model net = Trainer.network(model, data.shape(), data.classes(), variant, 0, 1, mode);
        for (int i = 0; i < warmup; i++) {
            data.step().accept(net);
        }
        Config c = new Config(name, net);
        c.workspaceGrowth = Math.max(0, NetworkMemory.workspaceBytes() - before);
        return c;
    }

    private void report(String model, int batch, List<Config> configs) {
        Config base = configs.get(0);
        long paramBytes = NetworkMemory.bytes(base.net.params());
        long baseState = NetworkMemory.bytes(NetworkMemory.updaterState(base.net));
        System.out.printf(Locale.ROOT, "%n%s, batch %d: %,d parameters (%.2f MiB), stock updater state %.2f MiB%n",
                model, batch, base.net.params().length(), paramBytes / 1048576.0, baseState / 1048576.0);
        System.out.println("| configuration | median ms/iteration | p10–p90 ms | time ratio vs base | updater state MiB "
                + "| listener cache MiB | workspace growth MiB | extra memory vs base (× parameter bytes) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        double baseMedian = percentile(base.millis, 50);
        List<Double> ownWork = new ArrayList<>();
        List<String> listeners = new ArrayList<>();
        for (Config c : configs) {
            double median = percentile(c.millis, 50);
            WeightPredictionListener w = NetworkMemory.listener(c.net);
            long state = NetworkMemory.bytes(NetworkMemory.updaterState(c.net));
            long cache = w == null ? 0 : w.getCacheBytes();
            long extra = state - baseState + cache + (c == base ? 0 : c.workspaceGrowth);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %.4f | %.2f | %.2f | %.2f | %+.3f |%n", c.name,
                    median, percentile(c.millis, 10), percentile(c.millis, 90), median / baseMedian,
                    state / 1048576.0, cache / 1048576.0, c.workspaceGrowth / 1048576.0, extra / (double) paramBytes);
            if (w != null) {
                long[] timed = c.timedCounters();
                long n = Math.max(1, timed[0]);
                System.out.printf(Locale.ROOT, "|   of which: cache θ + write θ̂ %.3f ms, restore θ %.3f ms (mean of the "
                        + "%d timed iterations) | | | | | | | |%n", timed[1] / 1e6 / n, timed[2] / 1e6 / n, timed[0]);
                ownWork.add((timed[1] + timed[2]) / 1e6 / n);
                listeners.add(c.name);
            }
        }
        // The listener's least memory traffic: cache θ (read θ, write the cache), write θ̂ (read the cache and the k
        // state arrays Δθ reads, write θ), restore θ (read the cache, write θ) = (6 + k)·N elements.
        long n = base.net.params().length();
        long k = Math.max(1, Math.round((double) baseState / Math.max(1, paramBytes)));
        double hot = copyBandwidth(n, false);
        double cold = copyBandwidth(n, true);
        double hotBound = (6 + k) * paramBytes / hot * 1e3;
        double coldBound = (6 + k) * paramBytes / cold * 1e3;
        for (int i = 0; i < ownWork.size(); i++) {
            double own = ownWork.get(i);
            System.out.printf(Locale.ROOT, "%s: own work %.3f ms = %.2f %% of the base iteration; copy bound of its "
                            + "(6 + %d)·N elements: %.3f ms from cache (%.1f GB/s, ratio %.1f), %.3f ms from memory "
                            + "(%.1f GB/s, caches flushed first as the forward and backward pass do, ratio %.1f)%n",
                    listeners.get(i), own, 100 * own / baseMedian, k, hotBound, hot / 1e9, own / hotBound, coldBound,
                    cold / 1e9, own / coldBound);
        }
    }

    /**
     * Bytes read + written per second by {@code dst.assign(src)} on FLOAT arrays of {@code n} elements (median of 7);
     * {@code cold}: each copy after a sweep over 128 MiB, so that both arrays come from memory.
     */
    static double copyBandwidth(long n, boolean cold) {
        INDArray src = Nd4j.rand(DataType.FLOAT, n);
        INDArray dst = Nd4j.createUninitialized(DataType.FLOAT, n);
        INDArray sweep = cold ? Nd4j.createUninitialized(DataType.FLOAT, 32L << 20) : null;
        int repeats = cold ? 1 : (int) Math.max(5, Math.min(2000, (256L << 20) / (8 * n)));
        List<Double> seconds = new ArrayList<>();
        for (int r = 0; r < 7; r++) {
            if (cold) {
                sweep.assign(r);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                dst.assign(src);
            }
            seconds.add((System.nanoTime() - t0) / 1e9 / repeats);
        }
        return 8.0 * n / percentile(seconds, 50);
    }

    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.round(p / 100 * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The shape and classes a model is built with, and one fit on the benchmark's fixed random batch. */
    record Workload(int[] shape, int classes, Consumer<Model> step) {
    }

    static Workload workload(String model, int batch) {
        Nd4j.getRandom().setSeed(1);
        Random random = new Random(1);
        switch (Models.input(model, "--models")) {
            case IMAGES -> {
                int[] shape = model.equals("lenet5") ? new int[] {1, 28, 28} : new int[] {3, 32, 32};
                int[] classes = random.ints(batch, 0, 10).toArray();
                DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, batch, shape[0], shape[1], shape[2]),
                        oneHot(classes, 10));
                return new Workload(shape, 10, net -> Trainer.fit(net, data));
            }
            case TEXT -> {
                int[] tokens = random.ints(batch * (BPTT + 1), 0, PTB_VOCABULARY).toArray();
                INDArray input = Nd4j.zeros(DataType.FLOAT, batch, 1, BPTT);
                INDArray next = Nd4j.zeros(DataType.FLOAT, batch, 1, BPTT); // the next words' indices
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < BPTT; t++) {
                        input.putScalar(b, 0, t, tokens[b * (BPTT + 1) + t]);
                        next.putScalar(b, 0, t, tokens[b * (BPTT + 1) + t + 1]);
                    }
                }
                DataSet data = new DataSet(input, next);
                return new Workload(new int[] {1, PTB_VOCABULARY}, PTB_VOCABULARY, net -> Trainer.fit(net, data));
            }
            default -> {
                Gnmt gnmt = (Gnmt) Models.paper(model, null, WMT_VOCABULARY);
                List<int[]> sources = new ArrayList<>();
                List<int[]> targets = new ArrayList<>();
                for (int b = 0; b < batch; b++) {
                    sources.add(random.ints(1 + random.nextInt(GNMT_LENGTH), 4, WMT_VOCABULARY).toArray());
                    targets.add(random.ints(1 + random.nextInt(GNMT_LENGTH), 4, WMT_VOCABULARY).toArray());
                }
                MultiDataSet pairs = gnmt.batch(sources, targets, DataType.FLOAT);
                return new Workload(new int[] {1, WMT_VOCABULARY}, WMT_VOCABULARY,
                        net -> ((ComputationGraph) net).fit(pairs));
            }
        }
    }

    /** One-hot rows {@code [n, classes]} (steps = 1) or sequences {@code [n / steps, classes, steps]}. */
    private static INDArray oneHot(int[] classes, int count) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, classes.length, count);
        for (int i = 0; i < classes.length; i++) {
            y.putScalar(i, classes[i], 1);
        }
        return y;
    }
}
