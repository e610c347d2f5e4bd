package org.xgrad.updaters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xgrad.updaters.Arrays2.assertIdentical;

/** The predicted change is pure, exactly zero before the first step, and linear in s. */
class PredictionPurityTest {

    static final int N = 9;

    static Stream<UpdaterCases.Case> cases() {
        return UpdaterCases.all().stream();
    }

    private static XGradientUpdater listenerMode(XUpdater config, INDArray params) {
        return Arrays2.listenerMode((XGradientUpdater) config.instantiate(Arrays2.zeros(config.stateSize(N)), true),
                params);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void zeroBeforeFirstStepAndStateUntouched(UpdaterCases.Case c) {
        INDArray params = Arrays2.row(Arrays2.gaussian(new Random(1), N, 1));
        XUpdater config = c.withSteps(3);
        INDArray view = Arrays2.zeros(config.stateSize(N));
        XGradientUpdater u = Arrays2.listenerMode((XGradientUpdater) config.instantiate(view, true), params);

        INDArray target = Arrays2.row(Arrays2.gaussian(new Random(2), N, 1));
        INDArray stateBefore = view.dup();
        assertFalse(Arrays2.predictedChange(u, target, 0, 0));
        assertEquals(0.0, target.norm1Number().doubleValue(), "prediction before the first step must be exactly 0");
        assertIdentical(stateBefore, view, "state after prediction at t=0");

        Random random = new Random(3);
        for (int t = 0; t < 5; t++) {
            INDArray g = Arrays2.row(Arrays2.gaussian(random, N, 1));
            u.applyUpdater(g, t, 0);
            params.subi(g);
            stateBefore = view.dup();
            INDArray paramsBefore = params.dup();
            assertTrue(Arrays2.predictedChange(u, target, t + 1, 0));
            assertTrue(target.norm1Number().doubleValue() > 0);
            INDArray again = Arrays2.zeros(N);
            Arrays2.predictedChange(u, again, t + 1, 0);
            assertIdentical(target, again, "repeated prediction");
            assertIdentical(stateBefore, view, "state after prediction at t=" + (t + 1));
            assertIdentical(paramsBefore, params, "parameters after prediction");
            assertTrue(u.weights().predict(t + 1, 0));
            assertTrue(u.weights().restore());
            assertIdentical(stateBefore, view, "state after predict and restore at t=" + (t + 1));
            assertIdentical(paramsBefore, params, "parameters after predict and restore");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void linearInPredictionSteps(UpdaterCases.Case c) {
        int[] steps = {1, 2, 4, 3};
        XGradientUpdater[] updaters = new XGradientUpdater[steps.length];
        INDArray[] params = new INDArray[steps.length];
        for (int i = 0; i < steps.length; i++) {
            params[i] = Arrays2.row(Arrays2.gaussian(new Random(5), N, 1));
            updaters[i] = listenerMode(c.withSteps(steps[i]), params[i]);
        }
        Random random = new Random(6);
        for (int t = 0; t < 6; t++) {
            double[] g = Arrays2.gaussian(random, N, 1);
            for (int i = 0; i < steps.length; i++) {
                INDArray update = Arrays2.row(g);
                updaters[i].applyUpdater(update, t, 0);
                params[i].subi(update);
            }
            INDArray one = Arrays2.zeros(N);
            Arrays2.predictedChange(updaters[0], one, t + 1, 0);
            for (int i = 1; i < steps.length; i++) {
                INDArray predicted = Arrays2.zeros(N);
                Arrays2.predictedChange(updaters[i], predicted, t + 1, 0);
                INDArray expected = one.mul(steps[i]);
                if (Integer.bitCount(steps[i]) == 1) {
                    assertIdentical(expected, predicted, c + " s=" + steps[i] + " (power of two: exact)");
                } else {
                    Arrays2.assertClose(expected.toDoubleVector(), predicted, 1e-15, c + " s=" + steps[i]);
                }
            }
        }
    }

    /**
     * The fused θ̂ = θ − change that {@link BlockWeights#predict} writes into the parameters equals θ minus the change
     * written on its own; θ itself before the first step; {@link BlockWeights#restore} gives θ back exactly.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void predictedWeightsAreThetaMinusTheChange(UpdaterCases.Case c) {
        INDArray params = Arrays2.row(Arrays2.gaussian(new Random(1), N, 1));
        XGradientUpdater u = listenerMode(c.withSteps(2), params);
        INDArray theta = Arrays2.row(Arrays2.gaussian(new Random(9), N, 1));
        INDArray trained = params.dup();
        params.assign(theta);
        assertFalse(u.weights().predict(0, 0));
        assertIdentical(theta, params, "no step yet: θ̂ = θ");
        params.assign(trained);
        Random random = new Random(4);
        for (int t = 0; t < 4; t++) {
            INDArray g = Arrays2.row(Arrays2.gaussian(random, N, 1));
            u.applyUpdater(g, t, 0);
            params.subi(g);
            INDArray change = Arrays2.zeros(N);
            Arrays2.predictedChange(u, change, t + 1, 0);
            trained = params.dup();
            params.assign(theta);
            assertTrue(u.weights().predict(t + 1, 0));
            assertTrue(u.weights().holdsPrediction());
            Arrays2.assertClose(theta.sub(change).toDoubleVector(), params, 1e-15, c + " t=" + t);
            assertTrue(u.weights().restore());
            assertIdentical(theta, params, "θ restored at t=" + t);
            params.assign(trained);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void zeroStepsPredictsNothing(UpdaterCases.Case c) {
        INDArray params = Arrays2.row(Arrays2.gaussian(new Random(1), N, 1));
        XGradientUpdater u = listenerMode(c.withSteps(0), params);
        u.applyUpdater(Arrays2.row(Arrays2.gaussian(new Random(2), N, 1)), 0, 0);
        INDArray target = Arrays2.row(Arrays2.gaussian(new Random(3), N, 1));
        assertFalse(Arrays2.predictedChange(u, target, 1, 0));
        assertEquals(0.0, target.norm1Number().doubleValue());
    }
}
