package org.xgrad.listeners;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.UpdaterCases;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What other listeners see: θ̂ in the forward pass of every iteration after the first, θ in iterationDone and
 * onEpochEnd whether registered before or after the WeightPredictionListener, θ after fit returns and in
 * CheckpointListener files. Everything is compared with the plain-Java Algorithm 1.
 */
class ObserverTest {

    static final double TOL = 1e-10;

    @Test
    void observersSeePredictedWeightsOnlyInsideTheIteration(@TempDir File dir) {
        UpdaterCases.Case adam = UpdaterCases.all().stream().filter(c -> c.name().equals("XAdam")).findFirst()
                .orElseThrow();
        MultiLayerNetwork net = ReferenceMlp.network(adam.withSteps(2));
        Probe before = new Probe();
        Probe after = new Probe();
        WeightPredictionListener xgrad = new WeightPredictionListener();
        CheckpointListener checkpoints = new CheckpointListener.Builder(dir).saveEveryNIterations(4).keepAll()
                .build();
        net.setListeners(before, xgrad, after, checkpoints);

        List<DataSet> batches = ReferenceMlp.batches(10, 6, 17);
        AlgorithmOne<DataSet> reference = new AlgorithmOne<>(adam.reference().apply(ReferenceMlp.N), 2,
                adam.learningRate(), net.params().toDoubleVector());
        List<double[]> predicted = new ArrayList<>();
        List<double[]> trueAfter = new ArrayList<>();
        List<double[]> epochEnds = new ArrayList<>();
        ListDataSetIterator<DataSet> iterator = new ListDataSetIterator<>(batches, 1);
        int t = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            net.fit(iterator);
            for (DataSet b : batches) {
                reference.iterate(t++, b, ReferenceMlp::gradient);
                predicted.add(reference.lastPredicted);
                trueAfter.add(reference.theta.clone());
            }
            epochEnds.add(reference.theta.clone());
            assertArrayEquals(reference.theta, net.params().toDoubleVector(), TOL, "after fit returns");
        }

        assertEquals(20, xgrad.getPredictedIterations() + 1, "every iteration but the first ran at θ̂");
        for (Probe probe : new Probe[] {before, after}) {
            String who = probe == before ? "registered before" : "registered after";
            assertEquals(20, probe.forward.size());
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(predicted.get(i), probe.forward.get(i), TOL, who + ": forward pass " + i);
                assertArrayEquals(trueAfter.get(i), probe.iterationDone.get(i), TOL, who + ": iterationDone " + i);
                if (i > 0) {
                    assertTrue(maxDiff(probe.forward.get(i), trueAfter.get(i - 1)) > 1e-4,
                            who + ": forward pass " + i + " must run at θ̂ ≠ θ");
                }
            }
            for (int e = 0; e < 2; e++) {
                assertArrayEquals(epochEnds.get(e), probe.epochEnd.get(e), TOL, who + ": onEpochEnd " + e);
            }
        }

        List<Checkpoint> saved = CheckpointListener.availableCheckpoints(dir);
        assertTrue(saved.size() >= 4, "checkpoints written: " + saved.size());
        for (Checkpoint c : saved) {
            MultiLayerNetwork restored = CheckpointListener.loadCheckpointMLN(dir, c);
            int iteration = c.getIteration();
            assertArrayEquals(trueAfter.get(iteration), restored.params().toDoubleVector(), TOL,
                    "checkpoint at iteration " + iteration + " holds θ");
        }
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
