package org.xgrad.listeners;

import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.PerformanceListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.XAdam;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's training UI statistics in listener mode: {@code StatsListener} records the parameter statistics of the
 * true weights θ (read back from a {@code FileStatsStorage}), whether it is registered before or after ours;
 * {@code ScoreIterationListener} and {@code PerformanceListener} run alongside.
 */
class TrainingStatsTest {

    /** Mean of a parameter ("0_W", "1_b", …) of the flat MLP parameters, in the layout of {@link ReferenceMlp}. */
    static double mean(double[] flat, String param) {
        int w0 = ReferenceMlp.IN * ReferenceMlp.HIDDEN;
        int b0 = w0 + ReferenceMlp.HIDDEN;
        int w1 = b0 + ReferenceMlp.HIDDEN * ReferenceMlp.OUT;
        int[][] ranges = {{0, w0}, {w0, b0}, {b0, w1}, {w1, ReferenceMlp.N}};
        int index = List.of("0_W", "0_b", "1_W", "1_b").indexOf(param);
        return Arrays.stream(flat, ranges[index][0], ranges[index][1]).average().orElseThrow();
    }

    @Test
    void statsListenerRecordsTheTrueWeights(@TempDir File dir) {
        for (boolean statsFirst : new boolean[] {true, false}) {
            File file = new File(dir, "stats-" + statsFirst + ".dl4j");
            FileStatsStorage storage = new FileStatsStorage(file);
            MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.05, 2));
            Probe probe = new Probe();
            StatsListener stats = new StatsListener(storage, 1);
            if (statsFirst) {
                net.addListeners(stats);
                XGrad.enablePrediction(net);
            } else {
                XGrad.enablePrediction(net);
                net.addListeners(stats);
            }
            net.addListeners(probe, new ScoreIterationListener(1), new PerformanceListener(1, true));
            for (DataSet b : ReferenceMlp.batches(12, 6, 83)) {
                net.fit(b);
                assertTrue(Double.isFinite(net.score()));
            }
            String session = storage.listSessionIDs().get(0);
            String worker = storage.listWorkerIDsForSession(session).get(0);
            List<Persistable> updates = storage.getAllUpdatesAfter(session, StatsListener.TYPE_ID, worker, 0);
            assertEquals(12, updates.size(), "one report per iteration");
            double farFromHat = 0;
            for (Persistable p : updates) {
                StatsReport report = (StatsReport) p;
                int t = report.getIterationCount();
                Map<String, Double> means = report.getMean(StatsType.Parameters);
                for (String param : List.of("0_W", "0_b", "1_W", "1_b")) {
                    assertEquals(mean(probe.iterationDone.get(t), param), means.get(param), 1e-12,
                            "iteration " + t + " " + param + ": statistics of θ");
                    if (t + 1 < probe.forward.size()) {
                        farFromHat = Math.max(farFromHat, Math.abs(means.get(param)
                                - mean(probe.forward.get(t + 1), param)));
                    }
                }
            }
            assertTrue(farFromHat > 1e-4, "θ̂ (the next forward pass) has other statistics: " + farFromHat);
            storage.close();
        }
    }
}
