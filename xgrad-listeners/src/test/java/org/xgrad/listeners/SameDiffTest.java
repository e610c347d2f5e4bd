package org.xgrad.listeners;

import org.xgrad.testing.Diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.xgrad.updaters.PredictionMode;
import org.xgrad.updaters.UpdaterCases;
import org.xgrad.updaters.XAdaGrad;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XRmsProp;
import org.xgrad.updaters.XUpdater;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XGrad in SameDiff: the {@link ReferenceMlp} built as a SameDiff graph (DOUBLE) and trained with {@code fit}, against
 * the plain-Java Algorithm 1, in both modes; s = 0 against SameDiff's stock updater; save/load with updater state.
 */
class SameDiffTest {

    static final int ITERATIONS = 30;
    static final double TOLERANCE = 1e-10;
    static final Set<String> PAPER_SET = Set.of("XSgdm", "XAdam", "XAdamW", "XRmsProp", "XAdaGrad");
    static final String[] VARIABLES = {"W0", "b0", "W1", "b1"};

    /** The MLP as a SameDiff graph with the flat parameters {@code theta} (DL4J's layout: W column-major, then b). */
    static SameDiff mlp(IUpdater updater, double[] theta) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, ReferenceMlp.IN);
        SDVariable y = sd.placeHolder("y", DataType.DOUBLE, -1, ReferenceMlp.OUT);
        long[][] shapes = {{ReferenceMlp.IN, ReferenceMlp.HIDDEN}, {ReferenceMlp.HIDDEN},
                {ReferenceMlp.HIDDEN, ReferenceMlp.OUT}, {ReferenceMlp.OUT}};
        SDVariable[] p = new SDVariable[4];
        int offset = 0;
        for (int i = 0; i < 4; i++) {
            int n = (int) (shapes[i].length == 2 ? shapes[i][0] * shapes[i][1] : shapes[i][0]);
            double[] values = java.util.Arrays.copyOfRange(theta, offset, offset + n);
            p[i] = sd.var(VARIABLES[i], Nd4j.create(values, shapes[i], 'f').dup('c'));
            offset += n;
        }
        SDVariable hidden = sd.math.tanh(x.mmul(p[0]).add(p[1]));
        SDVariable logits = hidden.mmul(p[2]).add(p[3]);
        sd.loss.softmaxCrossEntropy("loss", y, logits, null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(updater).dataSetFeatureMapping("x")
                .dataSetLabelMapping("y").build());
        return sd;
    }

    /** The variables in the flat layout of {@link ReferenceMlp}. */
    static double[] flat(Map<String, INDArray> variables) {
        double[] out = new double[ReferenceMlp.N];
        int offset = 0;
        for (String name : VARIABLES) {
            double[] v = Nd4j.toFlattened('f', variables.get(name)).toDoubleVector();
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    static double[] trueParams(PredictionMode mode, SameDiff sd) {
        if (mode == PredictionMode.LISTENER) {
            Map<String, INDArray> arrays = new java.util.HashMap<>();
            for (String name : VARIABLES) {
                arrays.put(name, sd.getVariable(name).getArr());
            }
            return flat(arrays);
        }
        return flat(XGrad.trueParams(sd));
    }

    static void prepare(PredictionMode mode, SameDiff sd) {
        if (mode == PredictionMode.LISTENER) {
            XGrad.enablePrediction(sd);
        } else {
            XGrad.attach(sd);
        }
    }

    static double[] initialTheta() {
        return ReferenceMlp.network(new Adam()).params().toDoubleVector();
    }

    static Stream<Arguments> cases() {
        return UpdaterCases.all().stream().filter(c -> PAPER_SET.contains(c.name())).flatMap(c -> Stream.of(1, 2, 4)
                .flatMap(s -> Stream.of(PredictionMode.values()).map(m -> Arguments.of(c, s, m))));
    }

    @ParameterizedTest(name = "{0} s={1} {2}")
    @MethodSource("cases")
    void sameDiffFollowsAlgorithmOne(UpdaterCases.Case c, int s, PredictionMode mode) {
        double[] theta0 = initialTheta();
        SameDiff sd = mlp(c.withSteps(s), theta0);
        prepare(mode, sd);
        AlgorithmOne<DataSet> reference = new AlgorithmOne<>(c.reference().apply(ReferenceMlp.N), s,
                c.learningRate(), theta0);
        double[] run = reference.followedBy(ReferenceMlp.batches(ITERATIONS, 6, 41), ReferenceMlp::gradient,
                sd::fit, () -> Nd4j.createFromArray(trueParams(mode, sd)));
        double max = run[0];
        double moved = run[1];
        System.out.printf("SAMEDIFF %-10s s=%d %-12s max|Δθ| = %.3e (max |θ−θ̂| = %.3e)%n", c, s, mode, max, moved);
        assertTrue(moved > 1e-4, "the prediction moves the weights");
        assertTrue(max <= TOLERANCE, c + " s=" + s + " " + mode + ": max |Δθ| = " + max);
    }

    /** s = 0 is SameDiff's stock updater bit for bit, in both modes. */
    @Test
    void zeroStepsIsTheStockUpdaterBitForBit() {
        IUpdater[][] pairs = {{new Adam(0.01), new XAdam(0.01, 0)}, {new RmsProp(0.01), new XRmsProp(0.01, 0)},
                {new AdaGrad(0.05), new XAdaGrad(0.05, 0)}};
        List<DataSet> batches = ReferenceMlp.batches(15, 6, 43);
        for (IUpdater[] pair : pairs) {
            for (PredictionMode mode : PredictionMode.values()) {
                SameDiff stock = mlp(pair[0].clone(), initialTheta());
                SameDiff x = mlp(pair[1].clone(), initialTheta());
                prepare(mode, x);
                for (DataSet b : batches) {
                    stock.fit(b);
                    x.fit(b);
                    for (String name : VARIABLES) {
                        assertArrayEquals(Nd4j.toFlattened(stock.getVariable(name).getArr()).toDoubleVector(),
                                Nd4j.toFlattened(x.getVariable(name).getArr()).toDoubleVector(), 0.0,
                                pair[1] + " " + mode + " " + name);
                    }
                }
            }
        }
    }

    /** Saved with its updater state mid-training, loaded and trained on: the uninterrupted trajectory. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(PredictionMode.class)
    void saveLoadAndContinue(PredictionMode mode, @TempDir File dir) {
        List<DataSet> batches = ReferenceMlp.batches(16, 6, 47);
        for (XUpdater updater : new XUpdater[] {new XAdam(0.01, 2), new org.xgrad.updaters.XSgdm(0.05, 1),
                new org.xgrad.updaters.XAdamW(0.01, 1, 0.05)}) {
            SameDiff uninterrupted = mlp(updater.clone(), initialTheta());
            SameDiff first = mlp(updater.clone(), initialTheta());
            prepare(mode, uninterrupted);
            prepare(mode, first);
            for (int t = 0; t < 8; t++) {
                uninterrupted.fit(batches.get(t));
                first.fit(batches.get(t));
            }
            File file = new File(dir, updater.getClass().getSimpleName() + "-" + mode + ".fb");
            first.save(file, true);
            SameDiff resumed = SameDiff.load(file, true);
            prepare(mode, resumed);
            for (int t = 8; t < 16; t++) {
                uninterrupted.fit(batches.get(t));
                resumed.fit(batches.get(t));
            }
            double deviation = Diff.maxAbs(trueParams(mode, uninterrupted),
                    Nd4j.createFromArray(trueParams(mode, resumed)));
            System.out.printf("SAMEDIFF-RESUME %-8s %-12s max|Δθ| = %.3e%n", updater.getClass().getSimpleName(), mode,
                    deviation);
            assertTrue(deviation <= 1e-12, updater + " " + mode + ": " + deviation);
        }
    }

    @Test
    void updaterOnlyHoldsThetaHatUntilRestored() {
        SameDiff sd = mlp(new XAdam(0.01, 2), initialTheta());
        for (DataSet b : ReferenceMlp.batches(5, 6, 53)) {
            sd.fit(b);
        }
        double[] theta = flat(XGrad.trueParams(sd));
        double[] held = trueParams(PredictionMode.LISTENER, sd);
        assertTrue(Diff.maxAbs(theta, Nd4j.createFromArray(held)) > 1e-4, "the graph holds θ̂");
        assertTrue(XGrad.restoreTrueParams(sd));
        assertArrayEquals(theta, trueParams(PredictionMode.LISTENER, sd), 0.0);
        assertFalse(XGrad.restoreTrueParams(sd), "nothing applied any more");
    }

    @Test
    void listenerLeavesThetaOutsideIterations() {
        SameDiff sd = mlp(new XAdam(0.01, 1), initialTheta());
        SameDiffPredictionListener listener = XGrad.enablePrediction(sd);
        for (DataSet b : ReferenceMlp.batches(6, 6, 59)) {
            sd.fit(b);
            assertFalse(listener.isPredictionApplied());
        }
        assertEquals(5, listener.getPredictedIterations(), "every iteration after the first");
        assertEquals(XGrad.enablePrediction(sd), listener, "one listener per graph");
    }
}
