package org.xgrad.testing;

import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Comparisons of arrays, element by element. */
public final class Diff {

    private Diff() {
    }

    /** @return max |expected − actual| */
    public static double maxAbs(double[] expected, INDArray actual) {
        return maxAbs(expected, actual.reshape(actual.length()).toDoubleVector());
    }

    /** @return max |expected − actual| */
    public static double maxAbs(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "length");
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }

    /** @return max |a − b| */
    public static double maxAbs(INDArray a, INDArray b) {
        return maxAbs(a.reshape(a.length()).toDoubleVector(), b);
    }

    /** |expected − actual| ≤ tol·max(1, |expected|), element by element. */
    public static void assertClose(double[] expected, INDArray actual, double tol, String what) {
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
    public static void assertIdentical(INDArray expected, INDArray actual, String what) {
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
