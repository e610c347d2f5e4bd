package org.xgrad.listeners;

import org.xgrad.testing.Logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.XAdam;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch that makes the gradient NaN or infinite, in both modes, with and without {@code failOnNonFinite}. */
class NonFiniteTest {

    static DataSet poisoned(DataSet batch, double value) {
        DataSet bad = batch.copy();
        bad.getFeatures().putScalar(0, 0, value);
        return bad;
    }

    static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void failOnNonFiniteKeepsThetaAndStateAndTrainingContinues() {
        for (double poison : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            List<DataSet> batches = ReferenceMlp.batches(10, 6, 89);
            MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 2));
            XGrad.enablePrediction(net).failOnNonFinite(true);
            MultiLayerNetwork reference = ReferenceMlp.network(new XAdam(0.01, 2));
            XGrad.enablePrediction(reference);
            for (int t = 0; t < 5; t++) {
                net.fit(batches.get(t));
                reference.fit(batches.get(t));
            }
            double[] theta = net.params().toDoubleVector();
            double[] state = net.getUpdater().getStateViewArray().toDoubleVector();
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class,
                    () -> net.fit(poisoned(batches.get(5), poison)));
            assertEquals(5, e.getIteration());
            assertArrayEquals(theta, net.params().toDoubleVector(), 0.0, "θ of the iteration, not θ̂, no update");
            assertArrayEquals(state, net.getUpdater().getStateViewArray().toDoubleVector(), 0.0, "state unchanged");
            assertEquals(5, net.getIterationCount());
            for (int t = 5; t < 10; t++) { // the bad batch skipped: the run goes on as if it had never come
                net.fit(batches.get(t));
                reference.fit(batches.get(t));
            }
            assertArrayEquals(reference.params().toDoubleVector(), net.params().toDoubleVector(), 0.0, "" + poison);
        }
    }

    @Test
    void withoutItDl4jAppliesTheUpdateAndTheListenerWarnsOnce() throws Exception {
        List<ILoggingEvent> logged = Logs.capture(WeightPredictionListener.class, () -> {
            List<DataSet> batches = ReferenceMlp.batches(4, 6, 97);
            MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 1));
            XGrad.enablePrediction(net);
            net.fit(batches.get(0));
            net.fit(poisoned(batches.get(1), Double.NaN));
            net.fit(batches.get(2));
            assertFalse(allFinite(net.params().toDoubleVector()), "DL4J's behaviour: the NaN update is applied");
        });
        assertEquals(1, logged.stream().filter(l -> l.getFormattedMessage()
                .contains("training loss is NaN at iteration 1")).count(), logged.toString());
    }

    /** Updater-only mode has no listener: DL4J applies the update; the weights (and θ) are not finite then. */
    @Test
    void updaterOnlyModeAppliesTheNonFiniteUpdate() {
        List<DataSet> batches = ReferenceMlp.batches(3, 6, 101);
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 1));
        net.fit(batches.get(0));
        assertTrue(allFinite(XGrad.trueParams(net).toDoubleVector()));
        net.fit(poisoned(batches.get(1), Double.NaN));
        assertFalse(allFinite(XGrad.trueParams(net).toDoubleVector()));
    }
}
