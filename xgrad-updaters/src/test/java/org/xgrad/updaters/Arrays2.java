package org.xgrad.updaters;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

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
        updater.direction(target, iteration);
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
        double[] a = actual.reshape(actual.length()).toDoubleVector();
        assertEquals(expected.length, a.length, what + ": length");
        for (int i = 0; i < a.length; i++) {
            double err = Math.abs(expected[i] - a[i]);
            if (!(err <= tol * Math.max(1, Math.abs(expected[i])))) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + a[i] + " (|Δ| = " + err + ")");
            }
        }
    }

    /** Bit-for-bit equality. */
    static void assertIdentical(INDArray expected, INDArray actual, String what) {
        double[] e = expected.reshape(expected.length()).toDoubleVector();
        double[] a = actual.reshape(actual.length()).toDoubleVector();
        assertEquals(e.length, a.length, what + ": length");
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }
}
