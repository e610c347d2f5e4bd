package org.xgrad.examples.study;

import org.xgrad.examples.experiment.Models;
import org.xgrad.examples.report.EpochRecord;
import org.xgrad.examples.report.NetworkMemory;

import org.xgrad.updaters.PredictionMode;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * One variant and seed of a study: its network, trained one epoch at a time with DL4J's {@code fit(iterator)} (so
 * DL4J advances its epoch counter, and epoch schedules and epoch events work as in any DL4J training), and its results
 * so far.
 *
 * <p>Everything random in an epoch is a function of (seed, epoch): the data order and augmentation, and ND4J's
 * generator (dropout), which is reseeded at the epoch's start. So an epoch trained from a checkpoint of the previous
 * epoch's end is the epoch an uninterrupted run trains.
 */
public final class Run {

    public final Trainer.Variant variant;
    public final long seed;
    public final Model net;
    private final PredictionMode mode;
    private final List<EpochRecord> records;
    private final Meter meter = new Meter();

    /** Puts the prediction listener ({@link Trainer#predictionFor}) and this run's meter on {@code net}. */
    public Run(Trainer.Variant variant, long seed, Model net, PredictionMode mode, List<EpochRecord> records) {
        this.variant = variant;
        this.seed = seed;
        this.net = net;
        this.mode = mode;
        this.records = new ArrayList<>(records);
        Trainer.predictionFor(net, variant, mode);
        net.addListeners(meter);
    }

    public static Run start(StudySettings settings, TrainingData data, Trainer.Variant variant, long seed) {
        Model net = Models.create(settings.model(), data.inputShape(), data.numClasses(), variant.updater().clone(),
                settings.l2(), seed);
        return new Run(variant, seed, net, settings.mode(), List.of());
    }

    public int epochsDone() { return records.size(); }

    public List<EpochRecord> records() { return List.copyOf(records); }

    /** @return the seed of everything random in epoch {@code epoch} of the run with seed {@code seed} */
    public static long epochSeed(long seed, int epoch) { return seed * 1_000_003L + epoch; }

    public String label() { return variant.name() + " seed " + seed; }

    /**
     * Trains the next epoch, evaluates at the true weights (on {@code evaluation}, and on {@code test} if there is
     * one) and records the epoch.
     */
    public EpochRecord trainEpoch(TrainingData data, List<DataSet> evaluation, List<DataSet> test, int batchSize,
                                  ProgressBar progress) {
        int epoch = epochsDone() + 1;
        long epochSeed = epochSeed(seed, epoch);
        Nd4j.getRandom().setSeed(epochSeed);
        meter.start(progress, label() + " epoch " + epoch);
        long start = System.nanoTime();
        DataSetIterator batches = new ExistingDataSetIterator(data.trainBatches(batchSize, epochSeed));
        if (net instanceof ComputationGraph graph) {
            graph.fit(batches);
        } else {
            ((MultiLayerNetwork) net).fit(batches);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] eval = Trainer.evaluateAtTrueWeights(net, evaluation, mode);
        double testLoss = test.isEmpty() ? Double.NaN : Trainer.evaluateAtTrueWeights(net, test, mode)[0];
        EpochRecord record = new EpochRecord(variant.name(), seed, epoch, meter.learningRate, meter.lossSum
                / meter.iterations, eval[0], eval[1], eval[2], seconds, Trainer.peakHeapBytes() / 1048576.0,
                meter.offHeapPeak / 1048576.0, testLoss);
        records.add(record);
        return record;
    }

    /** Per iteration: the loss, the learning rate DL4J's updater applied, memory, progress. */
    private final class Meter extends BaseTrainingListener {
        private ProgressBar progress;
        private String label;
        private int iterations;
        private double lossSum;
        private double learningRate;
        private long offHeapPeak;

        void start(ProgressBar progress, String label) {
            this.progress = progress;
            this.label = label;
            iterations = 0;
            lossSum = 0;
        }

        /** Called after the update with the iteration and epoch counters the updater used. */
        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (iterations == 0) {
                learningRate = variant.updater().getLearningRate(iteration, epoch);
            }
            iterations++;
            lossSum += model.score();
            offHeapPeak = Math.max(offHeapPeak, NetworkMemory.networkBuffers(model));
            progress.step(label, model.score());
        }
    }
}
