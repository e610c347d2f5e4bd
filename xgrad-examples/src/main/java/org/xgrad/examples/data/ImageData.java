package org.xgrad.examples.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled image set in memory: normalized features {@code [N, C, H, W]} and integer labels.
 *
 * @param features   {@code [N, C, H, W]}, FLOAT
 * @param labels     class index per example
 * @param numClasses number of classes
 * @param source     where it was read from, for reports
 */
public record ImageData(INDArray features, int[] labels, int numClasses, String source) {

    public int size() {
        return labels.length;
    }

    /** @return the first {@code limit} examples (all if limit ≤ 0 or ≥ size) */
    public ImageData limit(int limit) {
        if (limit <= 0 || limit >= size()) {
            return this;
        }
        return new ImageData(features.get(NDArrayIndex.interval(0, limit)).dup(),
                java.util.Arrays.copyOf(labels, limit), numClasses, source + " (first " + limit + ")");
    }

    /**
     * The batches of one epoch, in an order that depends only on {@code seed} (every optimizer variant of a
     * comparison sees the same data in the same order). {@code seed < 0}: file order.
     */
    public List<DataSet> batches(int batchSize, long seed) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (seed >= 0) {
            Random random = new Random(seed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            long[] idx = new long[end - start];
            INDArray y = Nd4j.zeros(DataType.FLOAT, idx.length, numClasses);
            for (int i = 0; i < idx.length; i++) {
                idx[i] = order[start + i];
                y.putScalar(i, labels[order[start + i]], 1f);
            }
            out.add(new DataSet(features.get(NDArrayIndex.indices(idx)), y));
        }
        return out;
    }
}
