package org.xgrad.listeners;

import org.xgrad.testing.Diff;

import org.xgrad.updaters.PredictionMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.xgrad.updaters.UpdaterCases;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XRmsProp;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DL4J MultiLayerNetwork (DOUBLE) trained with weight prediction against the plain-Java Algorithm 1 on the same
 * initial weights and batches: max |Δ| of the weights ≤ 1e-10 after 35 iterations, for every X-updater,
 * s ∈ {1, 2, 4}, listener path and updater-only path (true θ).
 */
class AlgorithmOneExactnessTest {

    static final int ITERATIONS = 35;
    static final double TOLERANCE = 1e-10;
    static final Set<String> PAPER_SET = Set.of("XSgdm", "XAdam", "XAdamW", "XRmsProp", "XAdaGrad");

    static Stream<Arguments> cases() {
        return UpdaterCases.all().stream()
                .flatMap(c -> Stream.of(1, 2, 4).flatMap(s -> Stream.of(PredictionMode.values()).map(m -> Arguments.of(c, s, m))))
                .filter(a -> PAPER_SET.contains(a.get()[0].toString()) || (int) a.get()[1] == 2);
    }

    @ParameterizedTest(name = "{0} s={1} {2}")
    @MethodSource("cases")
    void networkFollowsAlgorithmOne(UpdaterCases.Case c, int s, PredictionMode mode) {
        MultiLayerNetwork net = ReferenceMlp.network(c.withSteps(s));
        Modes.prepare(mode, net);
        AlgorithmOne<DataSet> reference = new AlgorithmOne<>(c.reference().apply(ReferenceMlp.N), s,
                c.learningRate(), net.params().toDoubleVector());
        double[] run = reference.followedBy(ReferenceMlp.batches(ITERATIONS, 6, 99), ReferenceMlp::gradient, net::fit,
                () -> Modes.trueParams(mode, net));
        double maxDeviation = run[0];
        double maxPrediction = run[1];
        System.out.printf("EXACTNESS %-10s s=%d %-12s max|Δθ| = %.3e (max |θ-θ̂| = %.3e)%n", c, s, mode,
                maxDeviation, maxPrediction);
        assertTrue(maxPrediction > 1e-4, "the prediction must actually move the weights");
        assertTrue(maxDeviation <= TOLERANCE, c + " s=" + s + " " + mode + ": max |Δθ| = " + maxDeviation);
    }

    /** s = 0 reproduces the stock optimizer's trajectory bit for bit, in both modes. */
    @Test
    void zeroStepsIsTheStockOptimizer() {
        List<DataSet> batches = ReferenceMlp.batches(25, 6, 5);
        assertSameTrajectory(new Adam(0.01), new XAdam(0.01, 0), batches);
        assertSameTrajectory(new RmsProp(0.01), new XRmsProp(0.01, 0), batches);
    }

    private static void assertSameTrajectory(IUpdater stock, IUpdater x, List<DataSet> batches) {
        MultiLayerNetwork a = ReferenceMlp.network(stock);
        for (PredictionMode mode : PredictionMode.values()) {
            MultiLayerNetwork b = ReferenceMlp.network(x.clone());
            Modes.prepare(mode, b);
            MultiLayerNetwork expected = ReferenceMlp.network(stock.clone());
            for (DataSet batch : batches) {
                expected.fit(batch);
                b.fit(batch);
                assertArrayEquals(expected.params().toDoubleVector(), b.params().toDoubleVector(), 0.0,
                        x + " " + mode);
            }
        }
        a.close();
    }
}
