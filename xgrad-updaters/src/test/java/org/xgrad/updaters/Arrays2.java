package org.xgrad.updaters;

import org.xgrad.testing.Diff;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;


/** Small helpers shared by the updater tests. */
final class Arrays2 {

    private Arrays2() {
    }

    static double[] gaussian(Random random, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = scale * random.nextGaussian();
        }
        return out;
    }

    static INDArray row(double[] values) {
        return Nd4j.createFromArray(values.clone());
    }

    static INDArray zeros(long n) {
        return Nd4j.zeros(DataType.DOUBLE, n);
    }

    /**
     * The predicted change {@code P = s·γ·Δθ} of eq. 26 alone, from the updater's current state.
     *
     * @return false if the change is zero (target zeroed)
     */
    static boolean predictedChange(XGradientUpdater updater, INDArray target, int iteration, int epoch) {
        double coefficient = updater.coefficient(iteration, epoch);
        if (coefficient == 0) {
            target.assign(0);
            return false;
        }
        updater.direction(iteration).write(target.reshape(target.length()), 1);
        target.muli(coefficient);
        return true;
    }

    /** Listener mode, parameters {@code params} at θ: the updater applies the base step alone. */
    static XGradientUpdater listenerMode(XGradientUpdater updater, INDArray params) {
        updater.weights().attach(params);
        updater.weights().toListenerMode(0);
        return updater;
    }

    /** |expected − actual| ≤ tol·max(1, |expected|), element by element. */
    static void assertClose(double[] expected, INDArray actual, double tol, String what) {
        Diff.assertClose(expected, actual, tol, what);
    }

    /** Bit-for-bit equality. */
    static void assertIdentical(INDArray expected, INDArray actual, String what) {
        Diff.assertIdentical(expected, actual, what);
    }
}
