package org.xgrad.listeners;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.xgrad.updaters.XAdam;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DL4J's ParallelWrapper (averaging) with {@link XGradParallel#enablePrediction}. */
class ParallelWrapperTest {

    /** {@code workers} 1: the builder's default on a CPU (one device); {@code workers(n)} accepts n ≥ 2 only. */
    static ParallelWrapper wrapper(MultiLayerNetwork net, int workers, int averagingFrequency) {
        ParallelWrapper.Builder<MultiLayerNetwork> builder = new ParallelWrapper.Builder<>(net)
                .averagingFrequency(averagingFrequency).prefetchBuffer(0);
        return (workers == 1 ? builder : builder.workers(workers)).build();
    }

    /** The last θ (iterationDone) and θ̂ (forward pass) of every replica, by replica. */
    static final class LastWeights extends BaseTrainingListener {
        final Map<Model, double[]> theta = new ConcurrentHashMap<>();
        final Map<Model, double[]> predicted = new ConcurrentHashMap<>();

        @Override
        public void onForwardPass(Model model, List<org.nd4j.linalg.api.ndarray.INDArray> activations) {
            predicted.put(model, model.params().toDoubleVector());
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            theta.put(model, model.params().toDoubleVector());
        }
    }

    /**
     * One worker (the builder's default on a CPU) trains the model itself: exactly a plain {@code fit}, with every
     * iteration after the very first predicted. Across {@code fit} calls it equals a plain fit that calls
     * {@code net.clear()} in between: DL4J's trainer clears the root model at the end of every ParallelWrapper
     * {@code fit}, which drops its solver and with it the optimizer state, for stock updaters just as for ours.
     */
    @Test
    void oneWorkerEqualsPlainFit() throws Exception {
        List<DataSet> batches = ReferenceMlp.batches(8, 6, 61);
        for (boolean predict : new boolean[] {false, true}) {
            MultiLayerNetwork parallel = ReferenceMlp.network(predict ? new XAdam(0.01, 1) : new Adam(0.01));
            MultiLayerNetwork plain = ReferenceMlp.network(predict ? new XAdam(0.01, 1) : new Adam(0.01));
            WeightPredictionListener local = predict ? XGrad.enablePrediction(plain) : null;
            try (ParallelWrapper pw = wrapper(parallel, 1, 1)) {
                WeightPredictionListener xgrad = predict ? XGradParallel.enablePrediction(pw) : null;
                for (int fit = 0; fit < 2; fit++) {
                    pw.fit(new ListDataSetIterator<>(batches, 1));
                    plain.fit(new ListDataSetIterator<>(batches, 1));
                    assertArrayEquals(plain.params().toDoubleVector(), parallel.params().toDoubleVector(), 0.0,
                            "fit " + fit + ", prediction " + predict);
                    plain.clear(); // what DL4J's trainer does to the root model after each fit
                }
                if (predict) {
                    assertEquals(0, xgrad.getLateInstallations(), "installed before each fit's first iteration");
                    assertEquals(14, xgrad.getPredictedIterations(), "all but the first of each fit (state dropped)");
                    assertEquals(local.getPredictedIterations(), xgrad.getPredictedIterations());
                }
            }
        }
    }

    @Test
    void twoWorkersPredictFromTheirFirstIterationAndAverageTrueWeights() throws Exception {
        List<DataSet> batches = ReferenceMlp.batches(8, 6, 67);
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 1));
        net.fit(batches.get(0)); // a trained model: replicas start with optimizer state
        try (ParallelWrapper pw = wrapper(net, 2, 2)) {
            LastWeights last = new LastWeights();
            pw.setListeners(last);
            WeightPredictionListener xgrad = XGradParallel.enablePrediction(pw);
            pw.fit(new ListDataSetIterator<>(batches, 1));
            assertEquals(0, xgrad.getLateInstallations());
            assertEquals(8, xgrad.getPredictedIterations(), "every worker iteration predicted");
            assertEquals(2, last.theta.size(), "two replicas");
            double[][] thetas = last.theta.values().toArray(double[][]::new);
            double[][] hats = last.predicted.values().toArray(double[][]::new);
            double[] params = net.params().toDoubleVector();
            double toTheta = 0;
            double toHat = 0;
            for (int i = 0; i < params.length; i++) {
                toTheta = Math.max(toTheta, Math.abs(params[i] - (thetas[0][i] + thetas[1][i]) / 2));
                toHat = Math.max(toHat, Math.abs(params[i] - (hats[0][i] + hats[1][i]) / 2));
            }
            assertTrue(toTheta <= 1e-12, "the model holds the average of the replicas' θ: " + toTheta);
            assertTrue(toHat > 1e-4, "not of their θ̂: " + toHat);
        }
    }

    /** Why the call exists: a listener alone reaches each new replica inside its first iteration. */
    @Test
    void aListenerAloneIsLateOnEveryReplica() throws Exception {
        List<DataSet> batches = ReferenceMlp.batches(8, 6, 71);
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 1));
        net.fit(batches.get(0));
        try (ParallelWrapper pw = wrapper(net, 2, 2)) {
            WeightPredictionListener xgrad = new WeightPredictionListener();
            pw.setListeners(xgrad);
            pw.fit(new ListDataSetIterator<>(batches, 1));
            assertEquals(2, xgrad.getLateInstallations(), "one unpredicted iteration per replica");
            assertEquals(6, xgrad.getPredictedIterations());
        }
    }
}
