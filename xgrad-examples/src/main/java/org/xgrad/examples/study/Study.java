package org.xgrad.examples.study;

import org.xgrad.examples.experiment.SettingException;
import org.xgrad.examples.report.EpochRecord;
import org.xgrad.examples.report.Reports;
import org.xgrad.examples.report.SeedStatistics;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.xgrad.zoo.OneDnn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A {@code compare} study in its output directory: every variant trained with every seed for the study's epochs,
 * checkpointed at each epoch end, so that it can be stopped and resumed ({@code --resume}) any number of times and
 * give the numbers of an uninterrupted run.
 *
 * <p>Runs train in parallel, one epoch at a time, on {@code workers} threads: each free worker takes the run of the
 * earliest seed with the fewest epochs done, so a seed's variants advance together (an unfinished study has
 * comparable curves) and seed 1 finishes first. ND4J's ops are single-threaded ({@link Trainer#singleThreadedOps}): two
 * runs on two cores train LeNet-5 1.7 times as fast as one run with two-threaded ops. After every epoch of every run:
 * its checkpoint, then results.csv, results.md and the plots of everything so far.
 *
 * <p>With {@code finishRunsFirst} each worker trains its run to the end before it takes the next (earliest seed
 * first), and a finished run's checkpoint keeps only its records: an interrupted study holds at most {@code workers}
 * networks, a finished one none — for models whose checkpoints are too large to keep one per run. Such a study cannot
 * be extended with more epochs.
 */
public final class Study {

    public static final String SETTINGS_FILE = "study.properties";

    private final StudySettings settings;
    private final Path out;
    private final TrainingData data;
    private final int workers;
    private final boolean finishRunsFirst;
    private java.io.PrintStream progressOut = System.err;
    private volatile boolean failed;

    public Study(StudySettings settings, Path out, TrainingData data, int workers) {
        this(settings, out, data, workers, false);
    }

    public Study(StudySettings settings, Path out, TrainingData data, int workers, boolean finishRunsFirst) {
        this.settings = settings;
        this.out = out;
        this.data = data;
        this.workers = workers;
        this.finishRunsFirst = finishRunsFirst;
    }

    /** Sends the progress bar to {@code out} instead of standard error; null: no progress shown. */
    public Study progressTo(java.io.PrintStream out) {
        this.progressOut = out;
        return this;
    }

    /** @return the settings of the study in {@code out}, or null if there is none */
    public static StudySettings existing(Path out) throws IOException {
        Path file = out.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return StudySettings.fromProperties(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @return a description of the first run of the study in {@code out} that has fewer epochs than its settings
     * ask for, or null if it is complete (or there is none)
     */
    public static String unfinished(Path out, StudySettings existing) throws IOException {
        for (Path file : Checkpoint.list(out)) {
            List<EpochRecord> records = Checkpoint.readRecords(file).records();
            if (!done(records, existing.epochs())) {
                EpochRecord last = records.get(records.size() - 1);
                return last.variant() + " seed " + last.seed() + " at epoch " + records.size() + " of "
                        + existing.epochs();
            }
        }
        return null;
    }

    /** @return true if a run with these records needs no more epochs: it has them all, or it diverged */
    public static boolean done(List<EpochRecord> records, int epochs) {
        return records.size() >= epochs || !records.isEmpty() && records.get(records.size() - 1).diverged();
    }

    /** One variant and seed: its records so far, and its network while it is being trained. */
    private final class Slot {
        final int seedIndex;
        final int variantIndex;
        final Trainer.Variant variant;
        final long seed;
        List<EpochRecord> records = List.of();
        Run run;
        boolean busy;

        Slot(int seedIndex, int variantIndex, Trainer.Variant variant, long seed) {
            this.seedIndex = seedIndex;
            this.variantIndex = variantIndex;
            this.variant = variant;
            this.seed = seed;
        }

        Path checkpoint() { return Checkpoint.file(out, variant.name(), seed); }

        /** All epochs trained, or diverged: a diverged run is not trained further, the others go on. */
        boolean done() { return Study.done(records, settings.epochs()); }

        /** Trains one epoch (starting or restoring the run first), checkpoints it; drops the network when done. */
        void trainEpoch(List<DataSet> evaluation, List<DataSet> test, ProgressBar progress) throws IOException {
            if (run == null) {
                run = Checkpoint.exists(checkpoint()) ? restore() : Run.start(settings, data, variant, seed);
            }
            run.trainEpoch(data, evaluation, test, settings.batchSize(), progress);
            Checkpoint.write(out, run, settings, !(finishRunsFirst && Study.done(run.records(), settings.epochs())));
            records = run.records();
            if (done()) {
                run = null;
            }
        }

        private Run restore() throws IOException {
            Checkpoint.Saved saved = Checkpoint.readLatest(checkpoint());
            List<String> differences = settings.differencesFrom(saved.settings());
            if (!differences.isEmpty()) {
                throw new IOException(checkpoint() + " belongs to a study with other settings: "
                        + String.join("; ", differences));
            }
            OneDnn.enable(saved.net()); // a restored network has new layers: the helpers again
            return new Run(variant, seed, saved.net(), settings.mode(), saved.records());
        }
    }

    /** Starts or resumes every run, trains the missing epochs, writes the reports. */
    public List<EpochRecord> run(boolean resume) throws IOException, InterruptedException {
        Files.createDirectories(out);
        if (!resume) {
            for (Path file : Checkpoint.list(out)) {
                Files.delete(file);
                Files.deleteIfExists(Checkpoint.previous(file));
            }
        }
        List<Slot> slots = new ArrayList<>();
        List<Trainer.Variant> variants = settings.variants();
        for (int s = 0; s < settings.seeds().size(); s++) {
            for (int v = 0; v < variants.size(); v++) {
                Slot slot = new Slot(s, v, variants.get(v), settings.seeds().get(s));
                if (resume && Checkpoint.exists(slot.checkpoint())) {
                    Checkpoint.Saved saved = Checkpoint.readRecords(slot.checkpoint()); // the network: in restore()
                    slot.records = saved.records();
                    if (!saved.networkKept() && !slot.done()) {
                        throw new SettingException(slot.checkpoint() + " holds only the records of a finished run "
                                + "({finish-runs-first}): its network was not kept, so it cannot train more {epochs};"
                                + " run the longer study in another {out}");
                    }
                }
                slots.add(slot);
            }
        }
        // every checkpoint was read: only now are the (possibly extended) settings written
        Files.writeString(out.resolve(SETTINGS_FILE), settings.toProperties(), StandardCharsets.UTF_8);
        long remainingEpochs = slots.stream().filter(s -> !s.done())
                .mapToLong(s -> Math.max(0, settings.epochs() - s.records.size())).sum();
        ProgressBar progress = new ProgressBar(progressOut,
                data.trainBatches(settings.batchSize(), 0).size() * remainingEpochs);
        List<DataSet> evaluation = data.evaluationBatches(settings.batchSize());
        List<DataSet> test = data.testBatches(settings.batchSize());
        Trainer.resetPeaks();
        writeReports(slots);

        int threads = (int) Math.max(1, Math.min(workers, slots.stream()
                .filter(s -> !s.done()).count()));
        Trainer.singleThreadedOps();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                running.add(pool.submit(() -> {
                    for (Slot slot = next(slots); slot != null; slot = next(slots)) {
                        try {
                            slot.trainEpoch(evaluation, test, progress);
                        } catch (IOException e) {
                            failed = true;
                            throw new UncheckedIOException(e);
                        } catch (RuntimeException | Error e) {
                            failed = true; // the other workers stop after their current epoch
                            throw e;
                        } finally {
                            release(slot);
                        }
                        writeReports(slots);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return records(slots);
    }

    /**
     * The idle run of the earliest seed with the fewest epochs done (with {@code finishRunsFirst}: the most, so a
     * started run goes on), marked busy; null when none is left.
     */
    private synchronized Slot next(List<Slot> slots) {
        if (failed) {
            return null;
        }
        Comparator<Slot> epochs = Comparator.comparingInt(s -> s.records.size());
        Slot next = slots.stream().filter(s -> !s.busy && !s.done())
                .min(Comparator.<Slot>comparingInt(s -> s.seedIndex)
                        .thenComparing(finishRunsFirst ? epochs.reversed() : epochs)
                        .thenComparingInt(s -> s.variantIndex)).orElse(null);
        if (next != null) {
            next.busy = true;
        }
        return next;
    }

    private synchronized void release(Slot slot) {
        slot.busy = false;
    }


    private static List<EpochRecord> records(List<Slot> slots) {
        List<EpochRecord> records = new ArrayList<>();
        slots.forEach(s -> records.addAll(s.records));
        return records;
    }

    private synchronized void writeReports(List<Slot> slots) {
        List<EpochRecord> records = records(slots);
        try {
            Reports.writeCsv(out.resolve(Reports.CSV), records);
            if (!records.isEmpty()) {
                Files.writeString(out.resolve(Reports.MARKDOWN), report(records), StandardCharsets.UTF_8);
                Reports.writeCharts(out, records, data.metric(), title());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Markdown report: the table, then time to target and XGrad's paired differences ({@link SeedStatistics}). */
    public String report(List<EpochRecord> records) {
        return Reports.markdownTable(records, data.metric(), title())
                + SeedStatistics.markdown(records, data.metric(), settings.target());
    }

    public String title() {
        String protocol = settings.protocol() == null ? "" : "protocol " + settings.protocol() + ": ";
        String decay = settings.decayEpochs().isEmpty() ? "" : String.format(Locale.ROOT, " ×%s after epochs %s",
                compact(settings.decayFactor()), settings.decayEpochs().stream().map(String::valueOf)
                        .collect(Collectors.joining(",")));
        return String.format(Locale.ROOT, "%s%s on %s, %s (lr %s%s, batch %d, weight decay %s, %s)", protocol,
                settings.model(), settings.dataset(), settings.family().label(), compact(settings.learningRate()),
                decay, settings.batchSize(), compact(settings.weightDecay()), Reports.count(settings.epochs(), "epoch"));
    }

    /** 0.001 → "0.001", 5.0E-4 → "5e-04", 1.0 → "1" */
    private static String compact(double v) {
        return v != 0 && Math.abs(v) < 1e-3 ? String.format(Locale.ROOT, "%.0e", v)
                : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
