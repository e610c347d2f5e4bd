package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.xgrad.updaters.XAdam;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exceptions during an iteration never lose the true weights θ_t. */
class FaultTest {

    /** A listener that throws from one callback when armed. */
    static final class Thrower extends BaseTrainingListener {
        boolean onForward;
        boolean onBackward;

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            if (onForward) {
                throw new IllegalStateException("listener failure in onForwardPass");
            }
        }

        @Override
        public void onBackwardPass(Model model) {
            if (onBackward) {
                throw new IllegalStateException("listener failure in onBackwardPass");
            }
        }
    }

    private static MultiLayerNetwork trained(WeightPredictionListener xgrad, Thrower thrower, List<DataSet> batches) {
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 2));
        net.setListeners(xgrad, thrower);
        for (int i = 0; i < 5; i++) {
            net.fit(batches.get(i));
        }
        return net;
    }

    @Test
    void wrongFeatureCountThrowsAndLeavesTrueWeights() {
        List<DataSet> batches = ReferenceMlp.batches(8, 6, 3);
        WeightPredictionListener xgrad = new WeightPredictionListener();
        MultiLayerNetwork net = trained(xgrad, new Thrower(), batches);
        double[] theta = net.params().toDoubleVector();
        DataSet bad = new DataSet(Nd4j.rand(DataType.DOUBLE, 6, ReferenceMlp.IN + 1), batches.get(0).getLabels());
        assertThrows(Exception.class, () -> net.fit(bad));
        assertArrayEquals(theta, net.params().toDoubleVector(), 0.0, "weights after the failed batch");
        assertFalse(xgrad.isPredictionApplied());

        MultiLayerNetwork uninterrupted = trained(new WeightPredictionListener(), new Thrower(), batches);
        net.fit(batches.get(5));
        uninterrupted.fit(batches.get(5));
        assertArrayEquals(uninterrupted.params().toDoubleVector(), net.params().toDoubleVector(), 0.0,
                "training goes on exactly as if the bad batch had not been offered");
    }

    @Test
    void listenerThrowingAfterTheBackwardPassLeavesTrueWeights() {
        List<DataSet> batches = ReferenceMlp.batches(8, 6, 4);
        Thrower thrower = new Thrower();
        MultiLayerNetwork net = trained(new WeightPredictionListener(), thrower, batches);
        double[] theta = net.params().toDoubleVector();
        thrower.onBackward = true;
        assertThrows(IllegalStateException.class, () -> net.fit(batches.get(5)));
        assertArrayEquals(theta, net.params().toDoubleVector(), 0.0);
    }

    /**
     * A listener throwing inside the forward pass leaves θ̂ in the network (DL4J offers no hook on that path, see
     * docs/design.md); {@code restoreTrueParams()} brings θ_t back, and so does the next {@code fit} by itself.
     */
    @Test
    void listenerThrowingInTheForwardPassIsRecoverable() {
        List<DataSet> batches = ReferenceMlp.batches(8, 6, 5);
        Thrower thrower = new Thrower();
        WeightPredictionListener xgrad = new WeightPredictionListener();
        MultiLayerNetwork net = trained(xgrad, thrower, batches);
        double[] theta = net.params().toDoubleVector();
        thrower.onForward = true;
        assertThrows(IllegalStateException.class, () -> net.fit(batches.get(5)));
        assertTrue(xgrad.isPredictionApplied(), "θ̂ is still in the network");
        assertTrue(xgrad.restoreTrueParams());
        assertArrayEquals(theta, net.params().toDoubleVector(), 0.0);

        thrower.onForward = true;
        assertThrows(IllegalStateException.class, () -> net.fit(batches.get(5)));
        thrower.onForward = false;
        net.fit(batches.get(5));
        MultiLayerNetwork uninterrupted = trained(new WeightPredictionListener(), new Thrower(), batches);
        uninterrupted.fit(batches.get(5));
        assertArrayEquals(uninterrupted.params().toDoubleVector(), net.params().toDoubleVector(), 0.0,
                "the next fit restores θ before predicting");
    }

    /** A NaN gradient cannot reach the cached θ: the update is applied to exactly θ_t. */
    @Test
    void nanGradientDoesNotCorruptTheCachedWeights() {
        List<DataSet> batches = ReferenceMlp.batches(8, 6, 6);
        WeightPredictionListener xgrad = new WeightPredictionListener();
        MultiLayerNetwork net = trained(xgrad, new Thrower(), batches);
        Probe probe = new Probe();
        net.addListeners(probe);
        double[] theta = net.params().toDoubleVector();
        INDArray features = batches.get(5).getFeatures().dup();
        features.putScalar(0, 0, Double.NaN);
        net.fit(new DataSet(features, batches.get(5).getLabels()));
        assertArrayEquals(theta, probe.gradientCalculation.get(0), 0.0,
                "parameters restored to θ_t before the NaN update is applied");
    }
}
