package org.xgrad.updaters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.xgrad.updaters.Arrays2.assertClose;

/**
 * The update and the predicted change γ·s·Δθ of every X-updater against the plain-Java double-precision reference,
 * step by step, on a block of two variables (4 + 3 parameters), in listener mode (the updater returns the base
 * update alone).
 */
class UpdaterMathTest {

    static final int N1 = 4;
    static final int N2 = 3;
    static final int N = N1 + N2;
    static final double TOL = 1e-12;

    static Stream<Arguments> casesAndSteps() {
        return UpdaterCases.all().stream().flatMap(c -> Stream.of(1, 2, 4).map(s -> Arguments.of(c, s)));
    }

    static XGradientUpdater instantiate(XUpdater config) {
        INDArray view = Arrays2.zeros(config.stateSize(N1) + config.stateSize(N2));
        return (XGradientUpdater) config.instantiate(view, true);
    }

    @ParameterizedTest(name = "{0} s={1}")
    @MethodSource("casesAndSteps")
    void updateAndPredictionMatchReference(UpdaterCases.Case c, int s) {
        XGradientUpdater updater = instantiate(c.withSteps(s));
        ReferenceOptimizer reference = c.reference().apply(N);
        Random random = new Random(42);
        double[] theta = Arrays2.gaussian(random, N, 1);
        INDArray params = Arrays2.row(theta);
        Arrays2.listenerMode(updater, params);

        for (int t = 0; t < 12; t++) {
            INDArray predicted = Arrays2.zeros(N);
            boolean nonZero = Arrays2.predictedChange(updater, predicted, t, 0);
            assertEquals(t > 0, nonZero, "non-zero prediction at t=" + t);
            assertClose(reference.predicted(s, t, c.learningRate()), predicted, TOL, c + " prediction t=" + t);

            double[] g = Arrays2.gaussian(random, N, 0.5);
            INDArray update = Arrays2.row(g);
            updater.applyUpdater(update, t, 0);
            double[] expected = reference.step(g, t, theta);
            assertClose(expected, update, TOL, c + " update t=" + t);
            params.subi(update);
            for (int i = 0; i < N; i++) {
                theta[i] -= expected[i];
            }
        }
    }

    /**
     * The definition of the predicted change, checked against the stock kernels themselves: after step t it is s times
     * the update u_t just applied, rescaled to the learning rate of step t+1 (an iteration schedule here), minus the
     * decoupled decay (not extrapolated).
     */
    static Stream<Arguments> scheduledCasesAndSteps() {
        return UpdaterCases.withLearningRate().stream().flatMap(c -> Stream.of(1, 2, 4).map(s -> Arguments.of(c, s)));
    }

    @ParameterizedTest(name = "{0} s={1}")
    @MethodSource("scheduledCasesAndSteps")
    void predictionIsPreviousStepRescaledToNextLearningRate(UpdaterCases.Case c, int s) {
        ISchedule schedule = new ExponentialSchedule(ScheduleType.ITERATION, c.learningRate(), 0.9);
        XGradientUpdater updater = instantiate(c.withSchedule(schedule, s));
        Random random = new Random(7);
        INDArray params = Arrays2.row(Arrays2.gaussian(random, N, 1));
        Arrays2.listenerMode(updater, params);
        for (int t = 0; t < 10; t++) {
            INDArray thetaBefore = params.dup();
            INDArray update = Arrays2.row(Arrays2.gaussian(random, N, 0.5));
            updater.applyUpdater(update, t, 0);
            double gammaT = schedule.valueAt(t, 0);
            double gammaNext = schedule.valueAt(t + 1, 0);
            double[] expected = update.dup().subi(thetaBefore.mul(gammaT * c.decoupledDecay()))
                    .muli(s * gammaNext / gammaT).toDoubleVector();
            INDArray predicted = Arrays2.zeros(N);
            Arrays2.predictedChange(updater, predicted, t + 1, 0);
            assertClose(expected, predicted, 1e-11, c + " t=" + t);
            params.subi(update);
        }
    }
}
