package org.xgrad.examples.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.AbstractList;
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

    /** A training and a test set. */
    public record Split(ImageData train, ImageData test) {
    }

    public int size() { return labels.length; }

    /** @return the first {@code limit} examples (all if limit ≤ 0 or ≥ size) */
    public ImageData limit(int limit) {
        if (limit <= 0 || limit >= size()) {
            return this;
        }
        return new ImageData(features.get(NDArrayIndex.interval(0, limit)).dup(),
                java.util.Arrays.copyOf(labels, limit), numClasses, source + " (first " + limit + ")");
    }

    /** {@link #batches(int, long, Augmentation)} without augmentation. */
    public List<DataSet> batches(int batchSize, long seed) { return batches(batchSize, seed, null); }

    /**
     * The batches of one epoch, in an order that depends only on {@code seed} (every optimizer variant of a
     * comparison sees the same data in the same order); {@code seed < 0}: file order. Built when read, so an epoch
     * never holds more than one batch in memory; batch {@code i} is the same whenever it is read, augmentation
     * included (its random numbers come from {@code seed} and {@code i}).
     *
     * @param augmentation applied to every batch (training), or null
     */
    public List<DataSet> batches(int batchSize, long seed, Augmentation augmentation) {
        int[] order = order(seed);
        int count = (order.length + batchSize - 1) / batchSize;
        return new AbstractList<>() {
            @Override
            public DataSet get(int i) {
                int start = i * batchSize;
                int end = Math.min(order.length, start + batchSize);
                long[] idx = new long[end - start];
                INDArray y = Nd4j.zeros(DataType.FLOAT, idx.length, numClasses);
                for (int k = 0; k < idx.length; k++) {
                    idx[k] = order[start + k];
                    y.putScalar(k, labels[order[start + k]], 1f);
                }
                INDArray x = features.get(NDArrayIndex.indices(idx));
                if (augmentation != null) {
                    x = augmentation.apply(x, new Random(seed * 31 + i));
                }
                return new DataSet(x, y);
            }

            @Override
            public int size() { return count; }
        };
    }

    private int[] order(long seed) {
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
        return order;
    }
}
