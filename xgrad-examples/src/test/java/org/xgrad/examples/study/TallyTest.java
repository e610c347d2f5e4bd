package org.xgrad.examples.study;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TallyTest {

    @Test
    void referenceRankCountsTiesAndNonFiniteOutputsAgainstTheTrueClass() {
        assertEquals(0, rank(new float[] {0.1f, 0.7f, 0.2f}, 1));
        assertEquals(2, rank(new float[] {0.3f, 0.2f, 0.5f}, 1));
        assertEquals(1, rank(new float[] {0.5f, 0.5f, 0.0f}, 0), "a tie at the top is no hit");
        assertEquals(1, rank(new float[] {0.5f, 0.5f, 0.0f}, 1));
        assertEquals(9, rank(new float[10], 3), "all outputs equal: last");
        assertEquals(Integer.MAX_VALUE, rank(new float[] {Float.NaN, 0.9f, 0.1f}, 1));
        assertEquals(Integer.MAX_VALUE, rank(new float[] {0.1f, Float.POSITIVE_INFINITY, 0f}, 1));
    }

    /**
     * The tally reads [n, C, T] outputs in memory order; a plain per-row reference (rows in example, then time step
     * order, each copied out element by element and ranked by {@link #rank}) must give the same loss to the
     * last bit and the same counts: for 'c' and 'f' layouts, a permuted array, a view, DOUBLE outputs, index and one-hot labels, ties,
     * non-finite outputs, and a smaller batch after a larger one (the tally keeps its arrays from batch to batch).
     */
    @Test
    void sequenceOutputsEqualRowByRowReference() {
        Random random = new Random(7);
        int n = 8;
        int classes = 13;
        int steps = 5;
        for (char order : new char[] {'c', 'f'}) {
            for (boolean oneHot : new boolean[] {false, true}) {
                INDArray out = Nd4j.create(DataType.FLOAT, new long[] {n, classes, steps}, order);
                int[][] label = new int[n][steps];
                INDArray labels = oneHot ? Nd4j.create(DataType.FLOAT, new long[] {n, classes, steps}, order)
                        : Nd4j.create(DataType.FLOAT, new long[] {n, 1, steps}, order);
                for (int i = 0; i < n; i++) {
                    for (int t = 0; t < steps; t++) {
                        for (int c = 0; c < classes; c++) {
                            out.putScalar(new long[] {i, c, t}, random.nextInt(40) / 39f); // ties too
                        }
                        label[i][t] = random.nextInt(classes);
                        labels.putScalar(new long[] {i, oneHot ? label[i][t] : 0, t}, oneHot ? 1 : label[i][t]);
                    }
                }
                out.putScalar(new long[] {0, label[0][0], 0}, 1.5f); // at least one hit
                out.putScalar(new long[] {1, 3, 2}, Float.NaN);
                out.putScalar(new long[] {3, 0, 1}, Float.POSITIVE_INFINITY);
                INDArray view = Nd4j.concat(1, out, out).get(NDArrayIndex.all(),
                        NDArrayIndex.interval(classes, 2 * classes), NDArrayIndex.all());
                INDArray permuted = Nd4j.create(DataType.FLOAT, new long[] {n, steps, classes}, order).permute(0, 2, 1)
                        .assign(out); // as DL4J's recurrent outputs are laid out
                for (INDArray o : List.of(out, view, permuted, out.castTo(DataType.DOUBLE))) {
                    INDArray half = o.mul(0.5).get(NDArrayIndex.interval(0, n / 2), NDArrayIndex.all(),
                            NDArrayIndex.all());
                    INDArray halfLabels = labels.get(NDArrayIndex.interval(0, n / 2), NDArrayIndex.all(),
                            NDArrayIndex.all());
                    Tally tally = new Tally();
                    tally.add(o, labels);
                    tally.add(half, halfLabels);
                    double[] expected = rowByRow(List.of(o, half), List.of(label, Arrays.copyOf(label, n / 2)));
                    String what = order + (oneHot ? " one-hot " : " indices ") + o.dataType() + Arrays.toString(o.stride());
                    assertArrayEquals(expected, tally.result(), 0.0, what);
                    assertTrue(expected[1] > 0 && expected[1] < 100 && expected[2] > expected[1],
                            what + " " + Arrays.toString(expected));
                }
            }
        }
    }

    private static double[] rowByRow(List<INDArray> batches, List<int[][]> labels) {
        double loss = 0;
        long top1 = 0;
        long top5 = 0;
        long count = 0;
        for (int b = 0; b < batches.size(); b++) {
            INDArray out = batches.get(b);
            int[][] label = labels.get(b);
            for (int i = 0; i < label.length; i++) {
                for (int t = 0; t < label[i].length; t++) {
                    float[] row = new float[(int) out.size(1)];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = out.getFloat(i, c, t);
                    }
                    loss -= Math.log(Math.max(row[label[i][t]], 1e-12));
                    int rank = rank(row, label[i][t]);
                    top1 += rank < 1 ? 1 : 0;
                    top5 += rank < 5 ? 1 : 0;
                    count++;
                }
            }
        }
        return new double[] {loss / count, 100.0 * top1 / count, 100.0 * top5 / count};
    }

    /**
     * The reference rule, one row at a time: the true class's rank among the outputs, 0 = first: the number of other
     * outputs at least as high (a tie counts against it, so a saturated network, all outputs equal, ranks every class
     * last); {@code Integer.MAX_VALUE} if any output is not finite (a diverged network hits nothing).
     */
    static int rank(float[] outputs, int label) {
        int rank = 0;
        for (int j = 0; j < outputs.length; j++) {
            if (!Float.isFinite(outputs[j])) {
                return Integer.MAX_VALUE;
            }
            if (j != label && outputs[j] >= outputs[label]) {
                rank++;
            }
        }
        return rank;
    }
}
