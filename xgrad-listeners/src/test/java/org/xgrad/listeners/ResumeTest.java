package org.xgrad.listeners;

import org.xgrad.testing.Diff;

import org.xgrad.updaters.PredictionMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XRmsProp;
import org.xgrad.updaters.XSgdm;
import org.xgrad.updaters.XWrapped;
import org.xgrad.updaters.XUpdater;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model saved mid-training with its updater, restored and trained on, follows the uninterrupted trajectory
 * (≤ 1e-12), in both modes. In listener mode the file holds θ; in updater-only mode it holds θ̂ and the applied
 * prediction is part of the saved updater state.
 */
class ResumeTest {

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void checkpointAndResumeFollowsUninterruptedTrajectory(PredictionMode mode, @TempDir File dir) throws Exception {
        List<DataSet> batches = ReferenceMlp.batches(16, 6, 8);
        for (XUpdater updater : new XUpdater[] {new XAdam(0.01, 2), new XSgdm(0.05, 1), new XRmsProp(0.01, 4),
                new XWrapped(new org.nd4j.linalg.learning.config.Nesterovs(0.05, 0.9), 1)}) {
            MultiLayerNetwork uninterrupted = ReferenceMlp.network(updater.clone());
            Modes.prepare(mode, uninterrupted);
            MultiLayerNetwork first = ReferenceMlp.network(updater.clone());
            Modes.prepare(mode, first);
            for (int t = 0; t < 8; t++) {
                uninterrupted.fit(batches.get(t));
                first.fit(batches.get(t));
            }
            File file = new File(dir, updater.getClass().getSimpleName() + "-" + mode + ".zip");
            ModelSerializer.writeModel(first, file, true);
            MultiLayerNetwork resumed = ModelSerializer.restoreMultiLayerNetwork(file, true);
            Modes.prepare(mode, resumed);
            for (int t = 8; t < 16; t++) {
                uninterrupted.fit(batches.get(t));
                resumed.fit(batches.get(t));
            }
            double deviation = Diff.maxAbs(Modes.trueParams(mode, uninterrupted).toDoubleVector(),
                    Modes.trueParams(mode, resumed));
            System.out.printf("RESUME %-8s %-12s max|Δθ| = %.3e%n", updater.getClass().getSimpleName(), mode,
                    deviation);
            assertTrue(deviation <= 1e-12, updater + " " + mode + ": " + deviation);
        }
    }
}
