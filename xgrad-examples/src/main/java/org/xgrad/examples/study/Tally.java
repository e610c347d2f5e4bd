package org.xgrad.examples.study;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Loss, top-1 and top-5 over rows — one per example, or per example and time step of {@code [n, C, T]} outputs —
 * the loss summed in row order (example, then time step). A row's rank is the number of other outputs at least as
 * high as the true class's (a tie counts against it, so a saturated network, all outputs equal, ranks every class
 * last), and no hit if any of its outputs is not finite (a diverged network hits nothing).
 *
 * <p>A language model's output is {@code [20, 10001, 35]} per batch, 28 MB. The buffers are read as they lie in
 * memory, into arrays kept from batch to batch. Copying the output into rows first (a permuted {@code dup}, then one
 * array per row) took longer than the forward pass: 170–265 ms of CPU per {@code lstm-small} batch against the
 * forward pass's 101–123 ms; read in place, 32–33 ms (a new 28 MB array per batch alone cost about 100 ms).
 */
final class Tally {
    private double loss;
    private long top1;
    private long top5;
    private long count;
    private float[] outputs = new float[0];
    private float[] targets = new float[0];

    /**
     * @param out    probabilities {@code [n, C]} or {@code [n, C, T]}
     * @param labels the same shape one-hot, or {@code [n, 1]} / {@code [n, 1, T]} class indices
     */
    void add(INDArray out, INDArray labels) {
        Layout o = new Layout(out);
        Layout y = new Layout(labels);
        outputs = o.read(outputs);
        targets = y.read(targets);
        int rows = o.n * o.steps;
        int[] label = new int[rows];
        if (y.classes == 1 && o.classes > 1) { // the class's index, not one-hot
            for (int r = 0; r < rows; r++) {
                label[r] = (int) targets[(int) y.rowStart(r)];
            }
        } else { // the first largest, as a row-wise arg max
            float[] best = new float[rows];
            y.visit(targets, (r, c, x) -> {
                if (c == 0 || x > best[r]) {
                    best[r] = x;
                    label[r] = c;
                }
            });
        }
        float[] labelled = new float[rows];
        for (int r = 0; r < rows; r++) {
            labelled[r] = outputs[(int) (o.rowStart(r) + label[r] * o.stride[1])];
            loss -= Math.log(Math.max(labelled[r], 1e-12)); // NaN stays NaN
        }
        int[] rank = new int[rows];
        o.visit(outputs, (r, c, x) -> {
            if (!Float.isFinite(x)) {
                rank[r] = Integer.MAX_VALUE;
            } else if (rank[r] != Integer.MAX_VALUE && c != label[r] && x >= labelled[r]) {
                rank[r]++;
            }
        });
        for (int r : rank) {
            top1 += r < 1 ? 1 : 0;
            top5 += r < 5 ? 1 : 0;
        }
        count += rows;
    }

    /** Mean loss, top-1 %, top-5 %. */
    double[] result() {
        return new double[] {loss / count, 100.0 * top1 / count, 100.0 * top5 / count};
    }

    private interface Cell {
        void at(int row, int c, float x);
    }

    /**
     * A {@code [n, C]} or {@code [n, C, T]} array as FLOAT over a buffer of its own, in any order of its dimensions
     * (DL4J's recurrent outputs are a permuted {@code [n, T, C]}); a copy only if it is of another type or a part of
     * a larger buffer. Element {@code (i, c, t)} belongs to row {@code r = i·T + t}.
     */
    private static final class Layout {
        final INDArray array;
        final int n;
        final int classes;
        final int steps;
        final long[] stride; // of dimensions i, c, t (0 for a missing t)

        Layout(INDArray a) {
            INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
            array = f.offset() == 0 && f.data().length() == f.length() ? f : f.dup(f.ordering());
            n = (int) array.size(0);
            classes = (int) array.size(1);
            steps = array.rank() == 3 ? (int) array.size(2) : 1;
            stride = new long[] {array.stride(0), array.stride(1), array.rank() == 3 ? array.stride(2) : 0};
        }

        /** The buffer, in {@code scratch} if it is large enough, else in a new array. */
        float[] read(float[] scratch) {
            int length = (int) array.length();
            float[] into = scratch.length >= length ? scratch : new float[length];
            Nd4j.getAffinityManager().ensureLocation(array, AffinityManager.Location.HOST);
            array.data().asNioFloat().get(into, 0, length);
            return into;
        }

        /** Index of row {@code r}'s class 0. */
        long rowStart(int r) {
            return r / steps * stride[0] + r % steps * stride[2];
        }

        /** Every element, in memory order (the dimension of largest stride outermost), each row's classes in order. */
        void visit(float[] v, Cell cell) {
            Integer[] d = {0, 1, 2};
            Arrays.sort(d, Comparator.comparingLong((Integer k) -> stride[k]).reversed());
            int[] size = {n, classes, steps};
            int[] rowStep = {steps, 0, 1};
            int[] classStep = {0, 1, 0};
            int[] s = {size[d[0]], size[d[1]], size[d[2]]};
            int[] r = {rowStep[d[0]], rowStep[d[1]], rowStep[d[2]]};
            int[] c = {classStep[d[0]], classStep[d[1]], classStep[d[2]]};
            long[] m = {stride[d[0]], stride[d[1]], stride[d[2]]};
            for (int a = 0; a < s[0]; a++) {
                for (int b = 0; b < s[1]; b++) {
                    int row = a * r[0] + b * r[1];
                    int cls = a * c[0] + b * c[1];
                    long at = a * m[0] + b * m[1];
                    for (int e = 0; e < s[2]; e++) {
                        cell.at(row + e * r[2], cls + e * c[2], v[(int) (at + e * m[2])]);
                    }
                }
            }
        }
    }
}
