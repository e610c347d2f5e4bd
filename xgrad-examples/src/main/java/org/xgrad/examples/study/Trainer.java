package org.xgrad.examples.study;

import org.xgrad.examples.experiment.Models;

import org.xgrad.updaters.PredictionMode;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.xgrad.listeners.XGrad;
import org.xgrad.updaters.XUpdater;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/** Networks of optimizer variants: building, one training step, evaluation at the true weights, memory peaks. */
public final class Trainer {

    /**
     * A variant of the comparison.
     *
     * @param name    e.g. "Adam", "XGrad-S2"
     * @param updater the updater (an X-updater for XGrad variants)
     */
    public record Variant(String name, IUpdater updater) {
        boolean predicts() { return updater instanceof XUpdater x && x.getPredictionSteps() > 0; }
    }

    private Trainer() {
    }

    /** Builds the network of a variant, ready to train ({@link #predictionFor}). */
    public static Model network(String model, int[] inputShape, int classes, Variant variant, double l2, long seed,
                         PredictionMode mode) {
        Model net = Models.create(model, inputShape, classes, variant.updater().clone(), l2, seed);
        predictionFor(net, variant, mode);
        return net;
    }

    /**
     * A predicting variant gets the listener (listener mode) or just its parameter views (updater-only mode); a
     * non-predicting X-updater (s = 0) gets only the parameter views, which XAdamW's decoupled decay needs, so the
     * base runs without any prediction machinery.
     */
    public static void predictionFor(Model net, Variant variant, PredictionMode mode) {
        if (variant.predicts() && mode == PredictionMode.LISTENER) {
            XGrad.enablePrediction(net);
        } else if (variant.updater() instanceof XUpdater) {
            XGrad.attach(net);
        }
    }

    public static void fit(Model net, DataSet batch) {
        if (net instanceof ComputationGraph graph) {
            graph.fit(batch);
        } else {
            ((MultiLayerNetwork) net).fit(batch);
        }
    }

    /**
     * Test loss (mean cross-entropy), top-1 and top-5 accuracy (%) at the true weights θ ({@link Tally}: ties and
     * non-finite outputs count as misses). In updater-only mode the
     * network holds θ̂: θ is swapped in for the evaluation and θ̂ put back, so training continues exactly.
     */
    public static double[] evaluateAtTrueWeights(Model net, List<DataSet> test, PredictionMode mode) {
        INDArray predicted = null;
        if (mode == PredictionMode.UPDATER_ONLY) {
            predicted = net.params().dup();
            net.setParams(XGrad.trueParams(net));
        }
        try {
            return evaluate(net, test);
        } finally {
            if (predicted != null) {
                net.setParams(predicted);
            }
        }
    }

    /** Mean loss, top-1 % and top-5 % of the network at its current weights over {@code test} (see {@link Tally}). */
    public static double[] evaluate(Model net, List<DataSet> test) {
        Tally tally = new Tally();
        for (DataSet batch : test) {
            INDArray out = net instanceof ComputationGraph g ? g.outputSingle(false, batch.getFeatures())
                    : ((MultiLayerNetwork) net).output(batch.getFeatures(), false);
            tally.add(out, batch.getLabels());
        }
        return tally.result();
    }

    /**
     * ND4J's ops (its own thread pool and OpenBLAS) run on one thread each: their reductions add up in an order that
     * depends on the thread count, so this keeps a study's numbers the same whatever the number of workers (and a
     * resumed study equal to an uninterrupted one). The cores are used by the workers instead; and next to other busy
     * processes, multi-threaded ops wait for each other's descheduled threads (a 784-128-10 MLP: ~100 ms per
     * iteration with two threads next to a running study, a few ms with one).
     */
    public static void singleThreadedOps() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
    }

    public static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
