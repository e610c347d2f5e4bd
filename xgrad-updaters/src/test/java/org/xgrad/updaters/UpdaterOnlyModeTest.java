package org.xgrad.updaters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xgrad.updaters.Arrays2.assertClose;

/**
 * Updater-only mode on a quadratic loss: the updater alone moves the parameters from θ̂_t to θ̂_{t+1}. Its true
 * weights (params + applied change) follow the plain-Java Algorithm 1 (cache θ, predict, gradient at θ̂, restore,
 * step) to 1e-12, and the parameters it holds are exactly that algorithm's θ̂ for the next iteration.
 */
class UpdaterOnlyModeTest {

    static final int N = 6;

    static Stream<Arguments> cases() {
        return UpdaterCases.all().stream().flatMap(c -> Stream.of(1, 2, 4).map(s -> Arguments.of(c, s)));
    }

    /** Gradient of the loss ½·Σ a_i (θ_i − b_i)². */
    static double[] gradient(double[] theta, double[] a, double[] b) {
        double[] g = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            g[i] = a[i] * (theta[i] - b[i]);
        }
        return g;
    }

    @ParameterizedTest(name = "{0} s={1}")
    @MethodSource("cases")
    void trueWeightsFollowAlgorithmOne(UpdaterCases.Case c, int s) {
        Random random = new Random(11);
        double[] a = Arrays2.gaussian(random, N, 1);
        for (int i = 0; i < N; i++) {
            a[i] = 0.5 + Math.abs(a[i]);
        }
        double[] b = Arrays2.gaussian(random, N, 1);
        double[] theta = Arrays2.gaussian(random, N, 1);

        ReferenceOptimizer reference = c.reference().apply(N);
        XUpdater config = c.withSteps(s);
        XGradientUpdater u = (XGradientUpdater) config.instantiate(Arrays2.zeros(config.stateSize(N)), true);
        INDArray params = Arrays2.row(theta);
        u.weights().attach(params);

        for (int t = 0; t < 30; t++) {
            // Algorithm 1 in plain Java
            double[] change = reference.predicted(s, t, c.learningRate());
            double[] thetaHat = new double[N];
            for (int i = 0; i < N; i++) {
                thetaHat[i] = theta[i] - change[i];
            }
            assertClose(thetaHat, params, 1e-12, c + " θ̂ held by the network at t=" + t);
            double[] update = reference.step(gradient(thetaHat, a, b), t, theta);
            for (int i = 0; i < N; i++) {
                theta[i] -= update[i];
            }

            // updater-only: the gradient is taken where the parameters are
            INDArray g = Arrays2.row(gradient(params.toDoubleVector(), a, b));
            u.applyUpdater(g, t, 0);
            params.subi(g);
            assertClose(theta, u.weights().trueParams(t + 1), 1e-12, c + " true θ at t=" + (t + 1));
        }
    }

    @ParameterizedTest(name = "{0} s={1}")
    @MethodSource("cases")
    void forgettingTheAppliedChangeMeansParametersAreTrue(UpdaterCases.Case c, int s) {
        XUpdater config = c.withSteps(s);
        XGradientUpdater u = (XGradientUpdater) config.instantiate(Arrays2.zeros(config.stateSize(N)), true);
        INDArray params = Arrays2.row(Arrays2.gaussian(new Random(1), N, 1));
        u.weights().attach(params);
        for (int t = 0; t < 3; t++) {
            INDArray g = Arrays2.row(Arrays2.gaussian(new Random(t), N, 1));
            u.applyUpdater(g, t, 0);
            params.subi(g);
        }
        INDArray theta = u.weights().trueParams(3);
        assertTrue(u.weights().holdsPrediction());
        assertTrue(u.weights().restoreTrueParams(3));
        assertFalse(u.weights().holdsPrediction());
        Arrays2.assertIdentical(theta, params, "θ in the parameters");
        Arrays2.assertIdentical(theta, u.weights().trueParams(3), "nothing applied any more");
    }
}
